package com.cspmarket.kit;

import net.javacrumbs.shedlock.support.Utils;

/**
 * Which running instance of a service this is, as other instances and operators see it: in the scheduler locks it
 * holds ({@code shedlock.locked_by}), and wherever else instances must be told apart. {@code platform.instance-id}
 * when set (a pod name, say); otherwise {@code <pid>@<hostname>}, and {@code :<port>} when the port is fixed, which
 * tells apart two instances on one machine as well as two containers.
 */
public record InstanceId(String value) {

    public InstanceId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an instance id must not be blank");
        }
    }

    /** The configured id, or one made of the process, the host and the port (0, a random port, is left out). */
    static InstanceId of(String configured, int port) {
        if (configured != null && !configured.isBlank()) {
            return new InstanceId(configured.strip());
        }
        String process = ProcessHandle.current().pid() + "@" + Utils.getHostname();
        return new InstanceId(port > 0 ? process + ":" + port : process);
    }

    @Override
    public String toString() {
        return value;
    }
}
