package io.pgvault.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SelectOption;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The seed through the console (issue 16), in a real Chromium against the three real services, PostgreSQL,
 * Kafka and the store: every step is done with the page's own controls and asserts what a person sees
 * (text, state, counts), with a screenshot per step under {@code target/console-walk/}. Also: a reader sees
 * no destructive control and a forged POST is refused with a message, and a form without its CSRF token is
 * refused. And, under multi-user authorization, a destructive action that waits until a second person, signed in
 * in a browser of their own, approves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEndToEndTest {

    private static final String SOURCE_DB = "e2e_console";
    private static final double JOB_TIMEOUT_MS = 90_000;
    private static final Pattern INSTANCE_URL = Pattern.compile(".*/instances/([0-9a-f-]{36}).*");

    private E2eSystem system;
    private ConsoleBrowser browser;
    private Page page;

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
            }
            if (system != null) {
                System.err.println(system.tails(60));
            }
        }
    };

    @BeforeAll
    void startEverything() throws Exception {
        system = E2eSystem.startWithConsole("console");
        PgVaultTestResource.createDatabaseIfMissing(SOURCE_DB);
        try (Connection c = SourceDatabases.connect(SOURCE_DB); Statement s = c.createStatement()) {
            s.execute("create table if not exists orders (id int primary key, note text)");
            s.execute("insert into orders select g, 'order ' || g from generate_series(1, 1000) g on conflict do nothing");
        }
        Path target = Path.of(System.getProperty("pgvault.e2e.target", "target"));
        browser = new ConsoleBrowser(system.console.url(), target.resolve("console-walk"));
        page = browser.page;
    }

    @AfterAll
    void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        if (system != null) {
            system.close();
        }
    }

    // ---- the seed, step by step ---------------------------------------------------------------------------

    @Test
    void theSeedWalksThroughTheConsoleFromSignInToDelete() throws Exception {
        long t0 = System.nanoTime();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String name = "orders-db-" + suffix;

        // 1. sign in; create a policy; protect a server
        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile(".*/sign-in.*"));
        page.getByLabel("Username").fill(E2eIdentity.ADMIN);
        browser.screenshot("sign-in");
        browser.signIn(E2eIdentity.ADMIN, system.identity.adminPassword());
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Protected Items"))).isVisible();
        assertThat(page.locator("#whoami")).containsText("admin · backup-admin");

        page.navigate("/policies");
        button("Create policy").click();
        Locator dialog = page.locator("#dialog");
        assertThat(dialog).isVisible();
        dialog.getByLabel("Name", exact()).fill("console-nightly-" + suffix);
        dialog.getByLabel(Pattern.compile("^Schedule")).fill("every night");
        dialog.getByLabel("Time zone").fill("Europe/Berlin");
        dialog.getByLabel(Pattern.compile("^Default retention")).fill("P30D");
        dialog.getByLabel("Weekly").fill("P12W");
        dialog.getByLabel("Monthly").fill("P12M");
        dialog.getByLabel("Yearly").fill("P10Y");
        dialogButton("Create policy").click();
        assertThat(page.locator("#pol-schedule-err")).isVisible(); // the API's field error, next to its field
        assertThat(page.locator("#next-runs-error")).containsText("Not a schedule yet");
        browser.screenshot("policy-field-error");
        dialog.getByLabel(Pattern.compile("^Schedule")).fill("0 2 * * *");
        // the schedule's next runs as you type: 02:00 in Berlin is 01:00 UTC in December
        assertThat(page.locator("#next-runs li")).hasCount(5);
        assertThat(page.locator("#next-runs li").first()).containsText("01:00:00 UTC");
        browser.screenshot("policy-next-runs");
        dialogButton("Create policy").click();
        assertThat(page.locator("#notices")).containsText("Policy console-nightly-" + suffix + " created (version 1)");
        assertThat(page.locator("#policy-versions tbody tr")).hasCount(1);
        browser.screenshot("policy-created");
        createPolicy("console-weekly-" + suffix, "0 3 * * SUN", "P12W");

        page.navigate("/");
        button("Protect a server").click();
        dialog.getByLabel("Name", exact()).fill(name);
        dialog.getByLabel("Host", exact()).fill(TestInfra.pgHost());
        dialog.getByLabel("Port", exact()).fill(String.valueOf(TestInfra.pgPort()));
        dialog.getByLabel("Username", exact()).fill(TestInfra.pgUser());
        dialog.getByLabel(Pattern.compile("^Databases")).fill(SOURCE_DB);
        dialog.getByLabel("Policy", exact()).selectOption(new SelectOption().setLabel("console-nightly-" + suffix + " v1"));
        dialogButton("Protect").click();
        page.waitForURL(INSTANCE_URL);
        String instanceId = INSTANCE_URL.matcher(page.url()).replaceFirst("$1");
        writeSecret(instanceId + ".password");
        assertThat(page.locator("#instance-name")).hasText(name);
        assertThat(page.locator("#instance-state")).hasText("PROTECTION_CONFIGURED");
        assertThat(page.locator("#instance-points")).hasText("0");
        browser.screenshot("instance-protected");

        // 2. backup now, and the progress bar reaches COMPLETED without a reload
        button("Backup now").click();
        assertThat(dialog.getByText("Start an on-demand backup")).isVisible();
        dialogButton("Backup now").click();
        page.waitForURL(Pattern.compile(".*/jobs/[0-9a-f-]{36}.*"));
        String backupJobUrl = page.url();
        assertThat(page.locator("#job-status")).hasText(Pattern.compile("queued…|QUEUED|IN_PROGRESS|COMPLETED"));
        awaitJobStatus("COMPLETED");
        assertThat(page.locator("#job-progress")).hasAttribute("value", "100");
        assertThat(page.locator("#job-percent")).hasText("100%");
        assertThat(page.locator("#notifications")).containsText("Your backup of " + name + " COMPLETED",
                new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        browser.screenshot("backup-completed");
        page.navigate("/");
        // instance-service records the outcome from job-events a moment after the job: reload until it shows
        reloadUntil("#protected-items", "COMPLETED");
        reloadUntil("#protected-items td[data-label='Recovery points']", "1");
        assertThat(page.locator("#protected-items tr", new Page.LocatorOptions().setHasText(name))).containsText("COMPLETED");
        browser.screenshot("protected-items");

        // 3. view all jobs; open the job's details
        page.navigate("/instances/" + instanceId);
        reloadUntil("#instance-points", "1");
        assertThat(page.locator("#recent-jobs tbody tr")).hasCount(1);
        assertThat(page.locator("#recent-jobs")).containsText("COMPLETED");
        assertThat(page.locator("#recovery-points tbody tr")).hasCount(1);
        assertThat(page.locator("#recovery-points")).containsText("YEARLY");
        browser.screenshot("instance-associated-items");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("View all")).click();
        assertThat(page.locator("h1")).hasText("Jobs");
        assertThat(page.locator("#jobs tbody tr")).hasCount(1);
        assertThat(page.locator("#jobs")).containsText("BACKUP");
        browser.screenshot("jobs-view-all");
        page.locator("#jobs tbody tr a").first().click();
        assertThat(page).hasURL(backupJobUrl.replaceAll("\\?.*", ""));
        assertThat(page.locator("#subtasks tbody tr")).hasCount(2); // the globals and one database
        assertThat(page.locator("#subtasks")).containsText(SOURCE_DB);
        assertThat(page.locator("#job-live")).containsText("console-nightly-" + suffix + " v1");
        assertThat(page.locator("#job-live")).containsText("ON_DEMAND");
        browser.screenshot("job-details");
        page.setViewportSize(390, 844);
        page.navigate("/instances/" + instanceId);
        assertThat(page.locator("#instance-state")).hasText("PROTECTION_CONFIGURED");
        assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at 390 px").isTrue();
        browser.screenshot("instance-390px");
        page.setViewportSize(1280, 900);

        // 4. restore as files, then into a new database (checked with SQL)
        String directory = "console-files-" + suffix;
        page.navigate("/instances/" + instanceId);
        button("Restore").click();
        radio(dialog, "Files, into a new directory under job-service's restore root").check();
        dialog.getByLabel("Directory", exact()).fill(directory);
        dialogButton("Restore").click();
        page.waitForURL(Pattern.compile(".*/jobs/[0-9a-f-]{36}.*"));
        awaitJobStatus("COMPLETED");
        assertThat(page.locator("#job-operation")).containsText("RESTORE of " + name);
        assertThat(system.restoreRoot.resolve(directory).resolve("manifest.json")).exists();
        browser.screenshot("restore-files-completed");

        String restoredDb = "console_restored_" + suffix.replace('-', '_');
        writeSecret("targets/" + TestInfra.pgHost() + "_" + TestInfra.pgPort() + "_" + TestInfra.pgUser() + ".password");
        page.navigate("/instances/" + instanceId);
        button("Restore").click();
        radio(dialog, "A new database on a server").check();
        dialog.getByLabel("New database", exact()).fill(restoredDb);
        browser.screenshot("restore-dialog");
        dialogButton("Restore").click();
        page.waitForURL(Pattern.compile(".*/jobs/[0-9a-f-]{36}.*"));
        awaitJobStatus("COMPLETED");
        try (Connection c = SourceDatabases.connect(restoredDb); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from orders")) {
            r.next();
            assertThat(r.getLong(1)).as("rows in the restored database").isEqualTo(1000);
        }
        browser.screenshot("restore-database-completed");

        // 4b. the backup's point: Verify now, until its evidence says VERIFIED (the target's secret is written above)
        page.navigate(backupJobUrl);
        page.locator("#job-point").click();
        assertThat(page.locator("#verification")).containsText("Not verified yet");
        button("Verify now").click();
        assertThat(page.locator("#notices")).containsText("Verification queued");
        reloadUntil("#verification", "VERIFIED");
        assertThat(page.locator("#verification-outcome")).hasText("VERIFIED");
        assertThat(page.locator("#verification table")).containsText("orders");
        browser.screenshot("point-verified");

        // 5. change policy; stop with retain forever; resume; stop with retain as per policy; resume
        page.navigate("/instances/" + instanceId);
        button("Change Policy").click();
        assertThat(page.locator("#change-policy-note")).hasText(
                "New recovery points use the new policy. Existing recovery points keep the retention they were born with.");
        dialog.getByLabel("New policy").selectOption(new SelectOption().setLabel("console-weekly-" + suffix + " v1 · 0 3 * * SUN"));
        dialogButton("Change Policy").click();
        assertThat(page.locator("#notices")).containsText("Policy changed to console-weekly-" + suffix + " v1");
        assertThat(page.locator("#instance-policy")).containsText("console-weekly-" + suffix);

        stop("Retain forever", "Moved to another solution", "migrating to the new cluster");
        assertThat(page.locator("#instance-state")).hasText("PROTECTION_STOPPED");
        assertThat(button("Backup now")).isDisabled();
        assertThat(button("Backup now")).hasAttribute("title", Pattern.compile(".*not possible in state PROTECTION_STOPPED.*"));
        browser.screenshot("stopped-retain-forever");
        resume();
        stop("Retain as per policy", "Cost", "paused until Q3");
        assertThat(page.locator("#instance-state")).hasText("BACKUPS_SUSPENDED");
        assertThat(page.locator("#activity")).containsText("RETAIN_AS_PER_POLICY");
        browser.screenshot("stopped-retain-as-per-policy");
        resume();

        // 6. delete backup data with the typed name; delete the instance
        button("Delete Backup Data").click();
        dialog.getByLabel(Pattern.compile("^Type the instance's name")).fill("orders");
        dialog.getByLabel("Reason").selectOption(new SelectOption().setLabel("Decommissioned"));
        dialog.getByLabel("Comments").fill("server retired");
        dialogButton("Delete Backup Data").click();
        assertThat(page.locator("#d-confirm-err")).containsText("must be the instance's name");
        browser.screenshot("delete-data-typed-name-error");
        dialog.getByLabel(Pattern.compile("^Type the instance's name")).fill(name);
        dialogButton("Delete Backup Data").click();
        assertThat(page.locator("#instance-state")).hasText("DATA_DELETED");
        assertThat(button("Resume backup")).isDisabled();
        browser.screenshot("data-deleted");

        button("Delete").click();
        dialog.getByLabel(Pattern.compile("^Type the instance's name")).fill(name);
        dialog.getByLabel("Reason").selectOption(new SelectOption().setLabel("Decommissioned"));
        dialog.getByLabel("Comments").fill("server retired");
        dialogButton("Delete").click();
        assertThat(page.locator("#notices")).containsText(name + " is being deleted");
        page.navigate("/?name=" + name);
        // instance-service removes it once retention-service reports the purge: reload until it is gone
        reloadUntil("#items-count", "0 protected items");
        assertThat(page.locator("#protected-items")).containsText("No protected items match the filters.");
        browser.screenshot("instance-deleted");

        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("console walk: %.1f s in the browser; console RSS %d MB (-Xmx96m)%n", seconds,
                rssMb(system.console.pid()));
    }

    // ---- multi-user authorization: a second person approves -------------------------------------------------

    /**
     * Issue 13 through the console: the admin turns multi-user authorization on in the Vault screen; Delete Backup
     * Data then waits (what, who, expiry, a link; the instance page lists it); an approver signs in in a browser of
     * their own and approves it; the admin sees it act (DATA_DELETED, the point deleted, the approver in the activity
     * log). A Delete the admin then withdraws does nothing; turning multi-user authorization off waits for the
     * approver too.
     */
    @Test
    void underMultiUserAuthorizationDeleteBackupDataWaitsUntilASecondPersonApprovesIt() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String name = "mua-db-" + suffix;
        String approver = "approver-" + suffix;
        String approverPassword = system.identity.createUser(approver, "backup-approver");
        String id = protectThroughTheConsolesApi(name);
        writeSecret(id + ".password");
        adminApi().post(system.console.url() + "/api/v1/backup-instances/" + id + "/backup").then().statusCode(202);
        org.awaitility.Awaitility.await("a recovery point of " + name).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1)).until(() -> ((Number) adminApi()
                        .get(system.console.url() + "/api/v1/backup-instances/" + id).then().statusCode(200).extract()
                        .path("recoveryPoints")).intValue() == 1);
        try {
            browser.signIn(E2eIdentity.ADMIN, system.identity.adminPassword());
            page.navigate("/vault");
            assertThat(page.locator("#vault-mua")).containsText("off");
            page.locator("#v-mua").check();
            button("Save vault settings").click();
            assertThat(page.locator("#notices")).containsText("multi-user authorization on");
            assertThat(page.locator("#vault-mua")).containsText("on: protected operations wait for a backup-approver");
            browser.screenshot("mua-vault-on");

            // the admin asks: nothing happens yet
            page.navigate("/instances/" + id);
            button("Delete Backup Data").click();
            Locator dialog = page.locator("#dialog");
            dialog.getByLabel(Pattern.compile("^Type the instance's name")).fill(name);
            dialog.getByLabel("Reason").selectOption(new SelectOption().setLabel("Decommissioned"));
            dialog.getByLabel("Comments").fill("server retired");
            dialogButton("Delete Backup Data").click();
            assertThat(page.locator("#dialog-title")).hasText("Waiting for approval");
            assertThat(page.locator("#pending-summary")).containsText(name);
            assertThat(page.locator("#pending-requested-by")).containsText(E2eIdentity.ADMIN);
            assertThat(page.locator("#pending-expires")).containsText("UTC, unless approved before");
            assertThat(page.locator("#pending-state")).hasText("PENDING");
            assertThat(page.locator("#pending-link")).hasAttribute("href", Pattern.compile("/approvals/[0-9a-f-]{36}"));
            browser.screenshot("mua-waiting-for-approval");
            dialogButton("Close").click();
            assertThat(page.locator("#pending-operations")).containsText(name);
            assertThat(page.locator("#instance-state")).hasText("PROTECTION_CONFIGURED");
            browser.screenshot("mua-instance-shows-pending");
            page.navigate("/approvals?instanceId=" + id);
            Locator mine = page.locator("#pending-operations tbody tr", new Page.LocatorOptions().setHasText(name));
            assertThat(mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Withdraw"))).isVisible();
            assertThat(mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve"))).hasCount(0);

            // a second person, in a browser of their own, approves
            Page second = browser.secondPerson();
            ConsoleBrowser.signIn(second, approver, approverPassword);
            assertThat(second.locator("#whoami")).containsText(approver + " · backup-approver");
            second.navigate("/approvals");
            Locator row = second.locator("#pending-operations tbody tr", new Page.LocatorOptions().setHasText(name));
            assertThat(row).containsText(E2eIdentity.ADMIN);
            assertThat(row).containsText("PENDING");
            browser.screenshot(second, "mua-approver-sees-pending");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
            assertThat(second.locator("#op-state")).hasText("APPROVED");
            assertThat(second.locator("#op-decided-by")).containsText(approver);
            browser.screenshot(second, "mua-approved");

            // the admin sees it act
            page.navigate("/instances/" + id);
            reloadUntil("#instance-state", "DATA_DELETED");
            // the point is deleted (soft-deleted, then purged: the e2e grace period is 0), none is LIVE
            reloadUntilMatches("#recovery-points tbody", Pattern.compile("(?s)^(?!.*LIVE).*(DELETED|PURGED|No recovery points).*"));
            assertThat(page.locator("#pending-operations")).hasCount(0);
            assertThat(page.locator("#activity tbody tr", new Page.LocatorOptions().setHasText("DATA_DELETED")).first())
                    .containsText(approver);
            browser.screenshot("mua-data-deleted-after-approval");

            // a request withdrawn does nothing
            button("Delete").click();
            dialog.getByLabel(Pattern.compile("^Type the instance's name")).fill(name);
            dialog.getByLabel("Reason").selectOption(new SelectOption().setLabel("Decommissioned"));
            dialogButton("Delete").click();
            assertThat(page.locator("#dialog-title")).hasText("Waiting for approval");
            page.locator("#pending-link").click();
            button("Withdraw").click();
            assertThat(page.locator("#op-state")).hasText("WITHDRAWN");
            browser.screenshot("mua-delete-withdrawn");
            page.navigate("/instances/" + id);
            assertThat(page.locator("#instance-state")).hasText("DATA_DELETED");

            // turning multi-user authorization off is protected too
            page.navigate("/vault");
            page.locator("#v-mua").uncheck();
            button("Save vault settings").click();
            assertThat(page.locator("#dialog-title")).hasText("Waiting for approval");
            assertThat(page.locator("#pending-summary")).containsText("multiUserAuthorization");
            second.navigate("/approvals");
            second.locator("#pending-operations tbody tr", new Page.LocatorOptions().setHasText("multiUserAuthorization"))
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
            assertThat(second.locator("#op-state")).hasText("APPROVED");
            page.navigate("/vault");
            assertThat(page.locator("#vault-mua")).hasText("off");
            browser.screenshot("mua-vault-off-after-approval");
        } finally {
            multiUserAuthorizationOff(approver, approverPassword);
        }
    }

    // ---- a reader, and CSRF ---------------------------------------------------------------------------------

    @Test
    void aReaderSeesNoDestructiveControlAndAForgedPostIsRefusedWithAMessage() {
        String id = protectThroughTheConsolesApi("reader-view-" + UUID.randomUUID().toString().substring(0, 6));
        String username = "reader-" + UUID.randomUUID().toString().substring(0, 6);
        String password = system.identity.createUser(username, "backup-reader");
        browser.signIn(username, password);
        assertThat(page.locator("#whoami")).containsText("backup-reader");
        assertThat(button("Protect a server")).hasCount(0);
        page.navigate("/instances/" + id);
        assertThat(page.locator("#instance-state")).hasText("PROTECTION_CONFIGURED");
        assertThat(page.locator("[role=toolbar] button")).hasCount(0); // no action at all, destructive or not
        browser.screenshot("reader-instance");
        page.navigate("/policies");
        assertThat(button("Create policy")).hasCount(0);

        // a forged POST from the reader's own page, with a valid CSRF token: instance-service refuses, the page says so
        page.navigate("/instances/" + id);
        page.evaluate("id => htmx.ajax('POST', '/instances/' + id + '/stop', {source: document.body, target: '#notices',"
                + " values: {mode: 'RETAIN_FOREVER', reason: 'COST', comments: 'forged'}})", id);
        assertThat(page.locator("#notices [role=alert]")).containsText("Not allowed");
        assertThat(page.locator("#notices [role=alert]")).containsText("backup-operator");
        browser.screenshot("reader-forged-post-refused");
        assertThat(adminApi().get(system.console.url() + "/api/v1/backup-instances/" + id).then().statusCode(200)
                .extract().path("state").toString()).isEqualTo("PROTECTION_CONFIGURED");
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        String id = protectThroughTheConsolesApi("csrf-target-" + UUID.randomUUID().toString().substring(0, 6));
        browser.signIn(E2eIdentity.ADMIN, system.identity.adminPassword());
        page.navigate("/instances/" + id);
        FormData form = FormData.create().set("mode", "RETAIN_FOREVER").set("reason", "COST").set("comments", "no token");

        APIResponse withoutToken = page.request().post("/instances/" + id + "/stop", RequestOptions.create().setForm(form));
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.text()).contains("CSRF token is missing or does not match");
        APIResponse wrongToken = page.request().post("/instances/" + id + "/stop", RequestOptions.create().setForm(form)
                .setHeader("X-CSRF-Token", "forged"));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(adminApi().get(system.console.url() + "/api/v1/backup-instances/" + id).then().statusCode(200)
                .extract().path("state").toString()).isEqualTo("PROTECTION_CONFIGURED");

        // the same form with the page's own token goes through: the token alone made the difference
        String token = (String) page.evaluate("JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token']");
        APIResponse withToken = page.request().post("/instances/" + id + "/stop", RequestOptions.create().setForm(form)
                .setHeader("X-CSRF-Token", token).setHeader("HX-Request", "true"));
        assertThat(withToken.status()).as(withToken.text()).isEqualTo(200);
        assertThat(adminApi().get(system.console.url() + "/api/v1/backup-instances/" + id).then().statusCode(200)
                .extract().path("state").toString()).isEqualTo("PROTECTION_STOPPED");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static Locator.GetByLabelOptions exact() {
        return new Locator.GetByLabelOptions().setExact(true);
    }

    private static Locator radio(Locator dialog, String name) {
        return dialog.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator button(String name) {
        return page.locator("main").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator dialogButton(String name) {
        return page.locator("#dialog").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Reloads the page (bounded, in this thread: Playwright's page is single-threaded) until {@code selector} shows {@code text}. */
    private void reloadUntil(String selector, String text) {
        org.awaitility.Awaitility.await(selector + " shows " + text).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1)).pollInSameThread().until(() -> {
                    if (page.locator(selector).textContent().contains(text)) {
                        return true;
                    }
                    page.reload();
                    return false;
                });
    }

    /** As {@link #reloadUntil}, until the text of {@code selector} matches {@code pattern}. */
    private void reloadUntilMatches(String selector, Pattern pattern) {
        org.awaitility.Awaitility.await(selector + " matches " + pattern).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1)).pollInSameThread().until(() -> {
                    if (pattern.matcher(page.locator(selector).textContent()).matches()) {
                        return true;
                    }
                    page.reload();
                    return false;
                });
    }

    private void awaitJobStatus(String status) {
        assertThat(page.locator("#job-status")).hasText(status, new LocatorAssertions.HasTextOptions().setTimeout(JOB_TIMEOUT_MS));
    }

    private void createPolicy(String name, String schedule, String retention) {
        page.navigate("/policies");
        button("Create policy").click();
        Locator dialog = page.locator("#dialog");
        dialog.getByLabel("Name", exact()).fill(name);
        dialog.getByLabel(Pattern.compile("^Schedule")).fill(schedule);
        dialog.getByLabel(Pattern.compile("^Default retention")).fill(retention);
        dialogButton("Create policy").click();
        assertThat(page.locator("#notices")).containsText("Policy " + name + " created");
    }

    private void stop(String mode, String reason, String comments) {
        button("Stop Backup").click();
        Locator dialog = page.locator("#dialog");
        radio(dialog, mode).check();
        assertThat(dialog).containsText(mode.equals("Retain forever") ? "Every existing recovery point is kept forever"
                : "except the latest, which is kept forever");
        // the impact preview (?preview=true of the chosen mode) is shown before Confirm
        assertThat(dialog.locator("#preview-next-state"))
                .hasText(mode.equals("Retain forever") ? "PROTECTION_STOPPED" : "BACKUPS_SUSPENDED");
        assertThat(dialog.locator(".preview-points")).containsText(mode.equals("Retain forever") ? "KEPT" : "GETS_HOLD_LATEST");
        dialog.getByLabel("Reason").selectOption(new SelectOption().setLabel(reason));
        dialog.getByLabel("Comments").fill(comments);
        browser.screenshot("stop-dialog-" + mode.toLowerCase().replace(' ', '-'));
        dialogButton("Confirm").click();
        assertThat(page.locator("#notices")).containsText("Backup stopped");
    }

    private void resume() {
        button("Resume backup").click();
        assertThat(page.locator("#resume-note")).containsText(
                "Recovery points that have already expired by their original retention are cleaned up.");
        dialogButton("Resume backup").click();
        assertThat(page.locator("#instance-state")).hasText("PROTECTION_CONFIGURED");
    }

    /** Whatever a failed MUA walk left: multi-user authorization off (asked by the admin, approved by the approver). */
    private void multiUserAuthorizationOff(String approver, String approverPassword) {
        String vault = system.console.url() + "/api/v1/vault";
        if (!Boolean.TRUE.equals(adminApi().get(vault).then().statusCode(200).extract().path("multiUserAuthorization"))) {
            return;
        }
        io.restassured.response.Response asked = adminApi().contentType(ContentType.JSON).body("{\"multiUserAuthorization\": false}")
                .put(vault);
        if (asked.statusCode() == 202) {
            given().header("Authorization", "Bearer " + system.identity.signIn(approver, approverPassword))
                    .post(system.console.url() + asked.jsonPath().getString("url") + "/approve").then().statusCode(200);
        }
        assertThat(adminApi().get(vault).then().statusCode(200).extract().path("multiUserAuthorization").toString())
                .isEqualTo("false");
    }

    /** A policy and an instance made through the console's forwarding of /api/v1 (one base URL for the API too). */
    private String protectThroughTheConsolesApi(String name) {
        String policy = adminApi().contentType(ContentType.JSON).body("""
                {"name": "%s-policy", "schedule": "0 2 * * *", "timeZone": "UTC", "defaultRetention": "P30D"}""".formatted(name))
                .post(system.console.url() + "/api/v1/backup-policies").then().statusCode(201).extract().path("id");
        return adminApi().contentType(ContentType.JSON).body("""
                {"name": "%s", "policyId": "%s", "datasource": {"host": "%s", "port": %d, "username": "%s", "databases": ["%s"]}}"""
                .formatted(name, policy, TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), SOURCE_DB))
                .post(system.console.url() + "/api/v1/backup-instances").then().statusCode(201).extract().path("id");
    }

    private io.restassured.specification.RequestSpecification adminApi() {
        return given().header("Authorization", "Bearer " + system.identity.adminToken());
    }

    private void writeSecret(String relative) throws java.io.IOException {
        Path file = system.secrets.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, (TestInfra.pgPassword() == null ? "" : TestInfra.pgPassword()) + "\n");
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
