package io.pgvault.job;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** job-service's packages depend on each other in one direction only. */
class ArchitectureTest {

    /** The main classes only (target/classes), not the tests. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.pgvault.job");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.pgvault.job.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
