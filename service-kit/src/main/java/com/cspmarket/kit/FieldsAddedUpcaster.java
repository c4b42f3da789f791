package com.cspmarket.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads a stored event of one revision as the next, whose record has fields the old one lacked: {@code adding} puts
 * them into a copy of the stored JSON (from what the old event says, or its stored timestamp). Stored events are
 * never rewritten; they are read this way. Each service declares its upcasters as beans, one per revision step.
 */
public class FieldsAddedUpcaster extends SingleEventUpcaster {

    private final SimpleSerializedType from;
    private final SimpleSerializedType to;
    private final BiConsumer<ObjectNode, IntermediateEventRepresentation> adding;

    public FieldsAddedUpcaster(Class<?> eventType, String fromRevision, String toRevision,
                               BiConsumer<ObjectNode, IntermediateEventRepresentation> adding) {
        this.from = new SimpleSerializedType(eventType.getName(), fromRevision);
        this.to = new SimpleSerializedType(eventType.getName(), toRevision);
        this.adding = adding;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(from);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcast(to, JsonNode.class, json -> {
            ObjectNode upcast = ((ObjectNode) json).deepCopy();
            adding.accept(upcast, representation);
            return (JsonNode) upcast;
        }, Function.identity());
    }
}
