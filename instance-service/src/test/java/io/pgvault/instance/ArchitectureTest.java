package io.pgvault.instance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The package rules of instance-service, checked on its main classes (target/classes) only. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pgvault.instance");

    /** The data-access methods every Panache entity inherits. */
    private static final Set<String> ACTIVE_RECORD = Set.of("persist", "persistAndFlush", "delete", "deleteAll",
            "deleteById", "findById", "find", "findAll", "list", "listAll", "stream", "streamAll", "count", "update",
            "flush", "getSession", "isPersistent");

    @Test
    void featurePackagesHaveNoImportCycles() {
        slices().matching("io.pgvault.instance.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyRepositoriesReachTheDatabaseNoActiveRecordCalls() {
        DescribedPredicate<JavaMethodCall> activeRecord = DescribedPredicate.describe("an active-record method of an"
                + " entity", call -> call.getTargetOwner().isAssignableTo(PanacheEntityBase.class)
                        && ACTIVE_RECORD.contains(call.getName()));
        noClasses().that().doNotImplement(PanacheRepositoryBase.class)
                .should().callMethodWhere(activeRecord)
                .check(MAIN);
    }
}
