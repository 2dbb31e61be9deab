package io.pgvault.retention;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's shape, checked on its compiled main classes (target/classes, no tests). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.pgvault.retention");
    }

    @Test
    void packagesHaveNoImportCycles() {
        slices().matching("io.pgvault.retention.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDatabaseIsReachedThroughRepositoriesNotActiveRecordMethods() {
        noClasses().should().callMethodWhere(DescribedPredicate.describe("a Panache active-record method",
                        ArchitectureTest::isActiveRecordCall))
                .check(classes);
    }

    /** A call such as {@code Hold.find(..)} or {@code hold.persist()}: declared by PanacheEntityBase. */
    private static boolean isActiveRecordCall(JavaMethodCall call) {
        return call.getTarget().resolveMember()
                .map(method -> method.getOwner().isEquivalentTo(PanacheEntityBase.class))
                .orElse(false);
    }
}
