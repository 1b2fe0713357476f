package dev.mxcp.host.manager;

/** A managed server's circuit breaker, named as the seed's {@code CIRCUIT_STATE_*} constants name it. */
public enum CircuitState {
    CLOSED("Closed"),
    /** Calls fail fast, without a network call, until the cooldown ends. */
    OPEN("Open"),
    /** One probe call is let through; its outcome closes or reopens the circuit. */
    HALF_OPEN("HalfOpen");

    private final String label;

    CircuitState(String label) {
        this.label = label;
    }

    /** The seed's value: {@code Closed}, {@code Open} or {@code HalfOpen}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
