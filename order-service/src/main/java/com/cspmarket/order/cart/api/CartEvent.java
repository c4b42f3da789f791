package com.cspmarket.order.cart.api;

public sealed interface CartEvent permits CartCreated, CartUpdated, CartCheckedOut {
    CartId cartId();
}
