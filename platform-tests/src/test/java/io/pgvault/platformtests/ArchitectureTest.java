package io.pgvault.platformtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The platform's packages form no cycle, and the platform knows no service: plumbing with no domain words. */
class ArchitectureTest {

    private static final JavaClasses PLATFORM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pgvault.platform");

    @Test
    void platformPackagesAreFreeOfCycles() {
        slices().matching("io.pgvault.platform.(*)..").should().beFreeOfCycles().check(PLATFORM);
    }

    @Test
    void platformDependsOnNoService() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.pgvault.instance..", "io.pgvault.job..", "io.pgvault.retention..", "io.pgvault.testinfra..")
                .check(PLATFORM);
    }
}
