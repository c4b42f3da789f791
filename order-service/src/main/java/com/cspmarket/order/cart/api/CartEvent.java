package com.cspmarket.order.cart.api;

public sealed interface CartEvent permits CartCreated, CartCheckedOut {
    CartId cartId();
}
