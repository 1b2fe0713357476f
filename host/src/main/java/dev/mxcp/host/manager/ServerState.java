package dev.mxcp.host.manager;

/** A managed server's health, named as the seed's {@code SERVER_STATE_*} constants name it. */
public enum ServerState {
    HEALTHY("Healthy"),
    /** Slow, some recent failures, or its circuit is half-open. */
    DEGRADED("Degraded"),
    /** Its circuit is open, or its last checks failed. */
    UNHEALTHY("Unhealthy");

    private final String label;

    ServerState(String label) {
        this.label = label;
    }

    /** The seed's value: {@code Healthy}, {@code Degraded} or {@code Unhealthy}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
