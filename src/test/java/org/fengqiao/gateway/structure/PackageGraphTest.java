package org.fengqiao.gateway.structure;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Packages are by capability and depend one way: a package never imports one that imports it back, so
 * each can be read, and changed, knowing only what lies below it.
 */
class PackageGraphTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.fengqiao.gateway");

    @Test
    void noPackageImportsOneThatImportsItBack() {
        slices().matching("org.fengqiao.gateway.(**)").should().beFreeOfCycles().check(GATEWAY);
    }
}
