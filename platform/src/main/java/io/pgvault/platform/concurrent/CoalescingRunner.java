package io.pgvault.platform.concurrent;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a reactive task when woken, one run at a time: a wake during a run asks for one more run after it, and
 * any number of wakes meanwhile still make just that one. A run that answers {@code true} (there is more to
 * do, e.g. a full batch) is followed by the next at once. Each run starts on a new duplicated Vert.x context,
 * so it has a database session of its own and never runs on the waker's thread.
 *
 * <p>Why one at a time: the outbox relay keeps each key's messages in order only if no two runs of one
 * process overlap, and the job dispatcher counts free workers before it claims.
 */
public final class CoalescingRunner {

    private static final Logger LOG = Logger.getLogger(CoalescingRunner.class);
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUNNING_AND_WOKEN = 2;

    private final String name;
    private final Vertx vertx;
    private final Supplier<Uni<Boolean>> task;
    private final AtomicInteger state = new AtomicInteger(IDLE);

    /**
     * @param name for the log
     * @param task one run; its item says whether to run again at once
     */
    public CoalescingRunner(String name, Vertx vertx, Supplier<Uni<Boolean>> task) {
        this.name = name;
        this.vertx = vertx;
        this.task = task;
    }

    /** Asks for a run: now if none is running, else right after the running one. Never blocks. */
    public void wake() {
        while (true) {
            int s = state.get();
            if (s == IDLE && state.compareAndSet(IDLE, RUNNING)) {
                start();
                return;
            }
            if (s == RUNNING_AND_WOKEN || (s == RUNNING && state.compareAndSet(RUNNING, RUNNING_AND_WOKEN))) {
                return;
            }
        }
    }

    /** Whether a run is going on (or about to). */
    public boolean busy() {
        return state.get() != IDLE;
    }

    private void start() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true); // its own, isolated: the run's session lives here
        context.runOnContext(ignored -> {
            Uni<Boolean> run;
            try {
                run = task.get();
            } catch (RuntimeException e) {
                run = Uni.createFrom().failure(e);
            }
            run.subscribe().with(this::finished, failure -> {
                LOG.warnf("%s: %s", name, failure.getMessage());
                finished(false);
            });
        });
    }

    private void finished(Boolean again) {
        if (Boolean.TRUE.equals(again)) {
            state.set(RUNNING);
            start();
            return;
        }
        if (state.compareAndSet(RUNNING, IDLE)) {
            return;
        }
        state.set(RUNNING); // woken during the run
        start();
    }
}
