package com.cspmarket.order.orders.command;

import com.cspmarket.order.orders.api.LineError;
import com.cspmarket.kit.BusinessException;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** Checkout refused because at least one line cannot be ordered; nothing was placed. */
public class CheckoutRejected extends BusinessException {

    private final List<LineError> lineErrors;

    public CheckoutRejected(List<LineError> lineErrors) {
        super("checkout-rejected", HttpStatus.UNPROCESSABLE_ENTITY,
                lineErrors.size() + " line(s) of the cart cannot be ordered");
        this.lineErrors = List.copyOf(lineErrors);
    }

    public List<LineError> lineErrors() {
        return lineErrors;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("lineErrors", lineErrors);
    }
}
