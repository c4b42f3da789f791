package com.cspmarket.catalog.offer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@link OfferWithdrawn} revision 1 to 2: the withdrawal's instant, which revision 1 left to the event's own
 * timestamp (the business clock's instant when it was stored), becomes a field. Events are never rewritten in the
 * store; they are read this way.
 */
@Component
@Order(0)
public class OfferWithdrawnUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(OfferWithdrawn.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(OfferWithdrawn.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String storedAt = representation.getTimestamp().toString();
        return representation.upcast(REVISION_2, JsonNode.class, json -> {
            ObjectNode upcast = ((ObjectNode) json).deepCopy();
            upcast.put("withdrawnAt", storedAt);
            return (JsonNode) upcast;
        }, java.util.function.Function.identity());
    }
}
