package org.ftlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the datasets folder: system property, else walking up from the working directory. */
class DefaultRootTest {

    @Test
    void walksUpFromTheWorkingDirectory() {
        String saved = System.getProperty(Datasets.ROOT_PROPERTY);
        System.clearProperty(Datasets.ROOT_PROPERTY);
        try {
            if (System.getenv(Datasets.ROOT_PROPERTY) == null) {
                assertEquals(TestRoots.shipped(), Datasets.defaultRoot().toAbsolutePath().normalize(),
                        "from kernel-lib/, the first datasets/MANIFEST above is the shipped one");
            }
        } finally {
            restore(saved);
        }
    }

    @Test
    void systemPropertyWinsAndIsChecked(@TempDir Path tmp) {
        String saved = System.getProperty(Datasets.ROOT_PROPERTY);
        try {
            System.setProperty(Datasets.ROOT_PROPERTY, tmp.toString());
            IllegalStateException e = assertThrows(IllegalStateException.class, Datasets::defaultRoot);
            assertTrue(e.getMessage().contains("system property FTLAB_DATASETS") && e.getMessage().contains("no MANIFEST"),
                    e.getMessage());
            Path root = TestRoots.copy(tmp, "CB");
            assertEquals(root, Datasets.defaultRoot(), "the property names the folder");
            assertEquals(250, Datasets.load("cb").train().size(), "load(name) reads from the property's folder");
        } finally {
            restore(saved);
        }
    }

    private static void restore(String saved) {
        if (saved == null) {
            System.clearProperty(Datasets.ROOT_PROPERTY);
        } else {
            System.setProperty(Datasets.ROOT_PROPERTY, saved);
        }
    }
}
