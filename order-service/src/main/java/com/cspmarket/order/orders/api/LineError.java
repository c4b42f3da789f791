package com.cspmarket.order.orders.api;

public record LineError(int lineNumber, LineRejectionReason reason, String description) {
}
