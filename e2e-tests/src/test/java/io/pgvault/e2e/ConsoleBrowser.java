package io.pgvault.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One headless Chromium for a test class, driven by Playwright: Debian's {@code chromium} package
 * ({@code scripts/test} installs it), never a browser that Playwright downloads ({@code
 * PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1} for the driver, {@code executablePath} for the launch). One context
 * (cookies) per class, 1280 × 900 unless a test resizes it; a screenshot per step under {@code target/}.
 */
final class ConsoleBrowser implements AutoCloseable {

    /** Where Debian's package puts the browser; {@code PGVAULT_CHROMIUM} overrides it. */
    static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

    final Page page;
    private final Playwright playwright;
    private final Browser browser;
    private final BrowserContext context;
    private final Path shots;
    private final String baseUrl;
    private final List<BrowserContext> others = new ArrayList<>();
    private int shot;

    ConsoleBrowser(String baseUrl, Path shots) {
        this.shots = shots;
        this.baseUrl = baseUrl;
        try {
            Files.createDirectories(shots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        List<String> args = new ArrayList<>(List.of("--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"));
        if ("root".equals(System.getProperty("user.name"))) {
            args.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox
        }
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium())
                .setHeadless(true).setArgs(args));
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(1280, 900));
        context.setDefaultTimeout(30_000);
        page = context.newPage();
    }

    static Path chromium() {
        String override = System.getenv("PGVAULT_CHROMIUM");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return CHROMIUM.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("no chromium at " + CHROMIUM + ": run scripts/test (it installs Debian's chromium)"
                        + " or apt-get install chromium"));
    }

    /** Signs in on the sign-in page as a person would; answers once Protected Items shows. */
    void signIn(String username, String password) {
        signIn(page, username, password);
    }

    /** As {@link #signIn(String, String)}, in {@code on}'s browser (a second person's, say). */
    static void signIn(Page on, String username, String password) {
        on.navigate("/sign-in");
        on.getByLabel("Username").fill(username);
        on.getByLabel("Password").fill(password);
        on.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        on.waitForURL("**/");
        on.locator("#whoami").waitFor();
    }

    /**
     * A second person's browser: a context of its own (its own cookies, so its own sign-in) in the same Chromium,
     * closed with this one.
     */
    Page secondPerson() {
        BrowserContext other = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(1280, 900));
        other.setDefaultTimeout(30_000);
        others.add(other);
        return other.newPage();
    }

    /** A full-page screenshot, numbered in step order: {@code target/<dir>/NN-name.png}. */
    Path screenshot(String name) {
        return screenshot(page, name);
    }

    /** As {@link #screenshot(String)}, of {@code of} (a second person's page). */
    Path screenshot(Page of, String name) {
        Path file = shots.resolve(String.format("%02d-%s.png", ++shot, name));
        of.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        others.forEach(BrowserContext::close);
        context.close();
        browser.close();
        playwright.close();
    }
}
