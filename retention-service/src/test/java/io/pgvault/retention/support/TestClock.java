package io.pgvault.retention.support;

import io.pgvault.testinfra.MutableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the one MutableClock the service's Clock, so tests move time instead of waiting. */
public class TestClock {

    public static final MutableClock CLOCK = new MutableClock();

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    MutableClock clock() {
        return CLOCK;
    }
}
