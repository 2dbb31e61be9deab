package io.pgvault.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of the console, checked on its main classes only. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pgvault.console");

    @Test
    void screenPackagesHaveNoImportCycles() {
        slices().matching("io.pgvault.console.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theServiceCallsKnowNoScreen() {
        noClasses().that().resideInAPackage("io.pgvault.console.api..").should().dependOnClassesThat()
                .resideInAnyPackage("io.pgvault.console.items..", "io.pgvault.console.instance..", "io.pgvault.console.jobs..",
                        "io.pgvault.console.policies..", "io.pgvault.console.recoverypoint..", "io.pgvault.console.approvals..",
                        "io.pgvault.console.vault..", "io.pgvault.console.deleted..", "io.pgvault.console.web..",
                        "io.pgvault.console.session..")
                .check(MAIN);
    }

    @Test
    void noScreenDependsOnAnotherScreen() {
        String[] screens = {"items", "instance", "jobs", "policies", "recoverypoint", "approvals", "vault", "deleted"};
        for (String screen : screens) {
            for (String other : screens) {
                if (!screen.equals(other)) {
                    noClasses().that().resideInAPackage("io.pgvault.console." + screen + "..").should().dependOnClassesThat()
                            .resideInAPackage("io.pgvault.console." + other + "..").allowEmptyShould(true).check(MAIN);
                }
            }
        }
    }
}
