package io.pgvault.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.cli.config.Settings;
import io.pgvault.cli.config.StoredLogin;
import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.ExitCode;
import io.pgvault.cli.http.Endpoints;
import io.pgvault.cli.http.Service;
import io.pgvault.cli.output.Times;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pgvault login}: asks instance-service for a token and keeps it, with the server settings, for later calls. */
@Command(name = "login", description = {
    "Sign in: later commands send the token and use the server settings of this call.",
    "The token is kept in $XDG_CONFIG_HOME/pgvault/ (default ~/.config/pgvault/), readable by you alone.",
    "On a terminal it asks for the username and password; in scripts give --username and --password-stdin."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgvault login", "  pgvault login --server https://pgvault.example.com",
            "  printf '%s\\n' \"$PGVAULT_PASSWORD\" | pgvault login --username ci-bot --password-stdin"})
public final class LoginCommand extends CliCommand {

    @Option(names = {"-u", "--username"}, paramLabel = "NAME", description = "Who signs in (asked on a terminal).")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    LoginCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        String user = username;
        if (user == null || user.isBlank()) {
            if (!ctx.terminal().interactive()) {
                throw usage("--username is needed when not on a terminal");
            }
            user = ctx.terminal().readLine("Username: ");
            if (user == null || user.isBlank()) {
                throw usage("a username is needed");
            }
        }
        char[] password = password();
        ObjectNode body = object().put("username", user.strip()).put("password", new String(password));
        Arrays.fill(password, '\0');
        Endpoints endpoints = ctx.endpoints();
        JsonNode answer = api().send("POST", Service.INSTANCE, "/api/v1/auth/token", Map.of(), body, null);
        String token = answer.path("accessToken").asText("");
        if (token.isEmpty()) {
            note("error: the server's answer has no accessToken");
            return ExitCode.REFUSED;
        }
        String expiresAt = answer.hasNonNull("expiresIn")
                ? ctx.clock().instant().plusSeconds(answer.path("expiresIn").asLong()).toString()
                : null;
        StoredLogin login = new StoredLogin(user.strip(), answer.path("tokenType").asText("Bearer"), token, expiresAt,
                Settings.server(ctx.global().server(), ctx.env()).orElse(null), endpoints);
        ctx.loginStore().write(login);
        String until = expiresAt == null ? "" : "; the token is valid until " + expiresAt + " ("
                + Times.relative(Instant.parse(expiresAt), ctx.clock().instant()) + ")";
        output().message("Signed in to " + endpoints.instance() + " as " + login.username() + until + ".");
        note("Token stored in " + ctx.loginStore().file() + ".");
        return ExitCode.OK;
    }

    private char[] password() {
        if (passwordStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
                // A password file written on Windows ends its line with CR.
                if (line != null && line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (line == null || line.isEmpty()) {
                    throw usage("--password-stdin: standard input has no password");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password from standard input", e);
            }
        }
        if (!ctx.terminal().interactive()) {
            throw usage("--password-stdin is needed when not on a terminal (the password is never an argument)");
        }
        char[] typed = ctx.terminal().readPassword("Password: ");
        if (typed == null || typed.length == 0) {
            throw usage("a password is needed");
        }
        return typed;
    }
}
