package io.pgvault.console.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.console.api.Answer;
import io.pgvault.console.api.Service;
import io.pgvault.console.api.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A job as its page shows it, and the live view: job-service's event stream relayed to the browser as
 * rendered HTML (Server-Sent Events that htmx swaps in), each change read back in full (the stream's events
 * carry no sub-tasks). A re-read every two seconds covers a change that happened before the stream was
 * open. The relay ends after the job's last state; the browser's page closes its side then.
 */
@ApplicationScoped
public class JobView {

    private static final Logger LOG = Logger.getLogger(JobView.class);
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    @Inject
    ServiceCalls calls;
    @Inject
    @Location("jobs/job.html")
    Template page;

    /** Threads that read upstream event streams: one per open live view, for as long as it is open. */
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "console-job-stream");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-job-tick");
        t.setDaemon(true);
        return t;
    });

    void stop(@Observes ShutdownEvent event) {
        readers.shutdownNow();
        ticks.shutdownNow();
    }

    /** The job, or "queued…" for the 404 of a job that job-service has not heard of yet. */
    public Map<String, Object> current(UUID id, Answer answer) {
        if (answer.status() == 404) {
            Map<String, Object> queued = new LinkedHashMap<>();
            queued.put("id", id.toString());
            queued.put("status", "QUEUED");
            queued.put("queued", true);
            queued.put("percent", 0);
            return queued;
        }
        return answer.orThrow().map();
    }

    public boolean live(Map<String, Object> job) {
        return !TERMINAL.contains(String.valueOf(job.get("status")));
    }

    /** Follows one job until its last state, sending each change as the page's live fragment. */
    public void follow(UUID id, String token, boolean mayCancel, SseEventSink sink, Sse sse) {
        AtomicReference<Stream<String>> upstream = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("");
        AtomicReference<ScheduledFuture<?>> tick = new AtomicReference<>();
        Runnable finish = () -> {
            ScheduledFuture<?> t = tick.get();
            if (t != null) {
                t.cancel(false);
            }
            Stream<String> s = upstream.getAndSet(null);
            if (s != null) {
                s.close();
            }
            if (!sink.isClosed()) {
                sink.close();
            }
        };
        Runnable update = () -> {
            synchronized (last) {
                if (sink.isClosed()) {
                    finish.run();
                    return;
                }
                Map<String, Object> job = current(id, calls.get(Service.JOB, "/api/v1/jobs/" + id, token));
                String html = oneLine(page.getFragment("live").instance().data("id", id).data("job", job)
                        .data("live", live(job)).data("mayCancel", mayCancel).render());
                if (!html.equals(last.get())) {
                    last.set(html);
                    sink.send(sse.newEventBuilder().name("message").data(html).build());
                }
                if (!live(job)) {
                    sink.send(sse.newEventBuilder().name("done").data("done").build())
                            .whenComplete((r, e) -> finish.run());
                }
            }
        };
        readers.execute(() -> {
            try {
                update.run();
                if (sink.isClosed()) {
                    return;
                }
                tick.set(ticks.scheduleWithFixedDelay(() -> readers.execute(safely(update)), 2, 2, TimeUnit.SECONDS));
                Stream<String> lines = calls.stream(Service.JOB, "/api/v1/jobs/stream", token);
                upstream.set(lines);
                Iterator<String> it = lines.iterator();
                while (!sink.isClosed() && it.hasNext()) {
                    JsonNode data = calls.eventData(it.next());
                    if (data != null && id.toString().equals(data.path("id").asText())) {
                        update.run();
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf("live view of job %s ended: %s", id, e.toString());
            } finally {
                if (sink.isClosed()) {
                    finish.run();
                }
            }
        });
    }

    /**
     * The notifications of one user: a notice each time a job that the user started finishes, while a page
     * of the console is open. A comment every 15 s notices a closed page and ends the relay.
     */
    public void notifications(String subject, String token, SseEventSink sink, Sse sse) {
        AtomicReference<Stream<String>> upstream = new AtomicReference<>();
        ScheduledFuture<?> keepAlive = ticks.scheduleWithFixedDelay(() -> {
            if (sink.isClosed()) {
                Stream<String> s = upstream.getAndSet(null);
                if (s != null) {
                    s.close();
                }
            } else {
                sink.send(sse.newEventBuilder().comment("still here").build());
            }
        }, 15, 15, TimeUnit.SECONDS);
        readers.execute(() -> {
            try (Stream<String> lines = calls.stream(Service.JOB, "/api/v1/jobs/stream", token)) {
                upstream.set(lines);
                Iterator<String> it = lines.iterator();
                while (!sink.isClosed() && it.hasNext()) {
                    JsonNode data = calls.eventData(it.next());
                    if (data != null && subject.equals(data.path("requestedBy").asText())
                            && TERMINAL.contains(data.path("status").asText())) {
                        String text = "Your " + data.path("operation").asText().toLowerCase() + " of "
                                + data.path("instanceName").asText() + " " + data.path("status").asText() + ".";
                        String html = "<p class=\"message notice\" role=\"status\">" + escape(text) + " <a href=\"/jobs/"
                                + escape(data.path("id").asText()) + "\">Details</a> <button type=\"button\" class=\"link\""
                                + " data-close-dialog>Dismiss</button></p>";
                        sink.send(sse.newEventBuilder().name("notice").data(html).build());
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf("notifications of %s ended: %s", subject, e.toString());
            } finally {
                keepAlive.cancel(false);
                if (!sink.isClosed()) {
                    sink.close();
                }
            }
        });
    }

    private static Runnable safely(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.debugf("job re-read failed: %s", e.toString());
            }
        };
    }

    /** An SSE data field is one line here: htmx swaps the HTML, whose line breaks carry no meaning. */
    private static String oneLine(String html) {
        return html.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
