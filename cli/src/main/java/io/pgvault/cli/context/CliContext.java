package io.pgvault.cli.context;

import io.pgvault.cli.config.LoginStore;
import io.pgvault.cli.config.Settings;
import io.pgvault.cli.config.StoredLogin;
import io.pgvault.cli.http.Api;
import io.pgvault.cli.http.Endpoints;
import io.pgvault.cli.output.Output;
import io.pgvault.cli.output.Query;
import io.pgvault.cli.output.Styles;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything a command reaches outside itself: environment, streams, terminal, clock, and (made on first use,
 * so {@code --help} stays fast) the sign-in, the endpoints and the API client. Tests build one
 * with their own environment and streams; {@code Main} builds it from the process.
 */
public final class CliContext {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private final Clock clock;
    private final String userHome;
    private final Duration pollInterval;
    private final GlobalOptions global = new GlobalOptions();

    private LoginStore loginStore;
    private Optional<StoredLogin> storedLogin;
    private Api api;
    private Output output;
    private Query query;

    /**
     * A context.
     *
     * @param env          environment variables
     * @param in           standard input
     * @param out          standard output: answers
     * @param err          standard error: messages, progress, errors
     * @param terminal     the terminal, or {@link Terminal#NONE}
     * @param clock        for relative times and elapsed times
     * @param userHome     home directory when {@code HOME} is not set
     * @param pollInterval time between two polls of a job ({@code --wait})
     */
    public CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Terminal terminal,
            Clock clock, String userHome, Duration pollInterval) {
        this.env = Map.copyOf(env);
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.userHome = userHome;
        this.pollInterval = pollInterval;
    }

    public GlobalOptions global() {
        return global;
    }

    public Map<String, String> env() {
        return env;
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Terminal terminal() {
        return terminal;
    }

    public Clock clock() {
        return clock;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** Colours for standard error (messages and progress). */
    public Styles errStyles() {
        return Styles.forTerminal(terminal.interactive(), env);
    }

    public LoginStore loginStore() {
        if (loginStore == null) {
            loginStore = new LoginStore(LoginStore.directory(env, userHome));
        }
        return loginStore;
    }

    public Optional<StoredLogin> storedLogin() {
        if (storedLogin == null) {
            storedLogin = loginStore().read();
        }
        return storedLogin;
    }

    /** Where each service is for this call (see {@link Settings}). */
    public Endpoints endpoints() {
        return Settings.endpoints(global.server(), env, storedLogin());
    }

    public Api api() {
        if (api == null) {
            Optional<Api.Bearer> bearer = storedLogin()
                    .filter(l -> l.accessToken() != null && !l.accessToken().isBlank())
                    .map(l -> new Api.Bearer(l.accessToken(), l.endpoints()));
            api = new Api(endpoints(), bearer, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
        }
        return api;
    }

    /** Ends what the run started (the HTTP client's thread), so the process exits at once. */
    public void close() {
        if (api != null) {
            api.close();
        }
    }

    /** Checks {@code --query} before any request is sent, so a typo never follows a change already made. */
    public void validateGlobalOptions() {
        if (global.query() != null && query == null) {
            query = Query.compile(global.query());
        }
    }

    public Output output() {
        if (output == null) {
            validateGlobalOptions();
            output = new Output(global.output(), query, out, Styles.forTerminal(terminal.interactive(), env), clock);
        }
        return output;
    }

    /**
     * The idempotency key of a changing request: the user's, or a new one, which is printed on standard error so
     * the same command can be retried safely with it.
     */
    public String idempotencyKey(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String key = UUID.randomUUID().toString();
        err.println(errStyles().dim("Idempotency-Key: " + key + " (to retry safely: --idempotency-key " + key + ")"));
        return key;
    }
}
