package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionsElsewhereTest {
    @TempDir
    Path base;

    private void write(String relative, String text) throws Exception {
        Path p = base.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void anInfrastructureRepositoryWithVmsAtItsRootIsPointedAtThem() throws Exception {
        write("pom.xml", "<project/>");
        write("vms/web01.xml", "<?xml version='1.0'?>\n<!-- web -->\n<domain type='kvm'><name>web01</name></domain>");
        write("vms/hosts/a/db01.xml", "<domain type='kvm'/>");
        write("networks/lan.xml", "\uFEFF<!DOCTYPE network>\n<network><name>lan</name></network>");
        write("ansible/templates/vm.xml", "<domain>{% if x %}</domain>");
        write("target/classes/copy.xml", "<domain/>");
        write(".git/x.xml", "<domain/>");
        write("src/main/resources/other.xml", "<domain/>");
        write("docs/site.xml", "<project/>");
        write("vms/notes.txt", "<domain/>");
        DefinitionsElsewhere.Found found = DefinitionsElsewhere.find(base,
                List.of(Path.of("src/main/resources"), base.resolve("src/test/resources")));
        assertEquals(List.of("ansible/templates/vm.xml", "networks/lan.xml", "vms/hosts/a/db01.xml", "vms/web01.xml"),
                found.files());
        assertEquals(List.of("ansible/templates", "networks", "vms"), found.directories());
        String warning = found.warning(List.of("src/main/resources", "src/test/resources"));
        assertEquals("no domain or network file found in src/main/resources, src/test/resources, but 4 .xml files"
                + " elsewhere under the project have a <domain> or <network> root (ansible/templates/vm.xml,"
                + " networks/lan.xml, vms/hosts/a/db01.xml, vms/web01.xml); to check them, set <directories>"
                + "<directory>ansible/templates</directory><directory>networks</directory><directory>vms</directory>"
                + "</directories> in the plugin's configuration, or"
                + " -Daddralloc.directories=ansible/templates,networks,vms", warning);
    }

    @Test
    void nothingElsewhereMeansNoWarningAndFilesAtTheTopNameTheBaseDirectory() throws Exception {
        write("pom.xml", "<project/>");
        DefinitionsElsewhere.Found none = DefinitionsElsewhere.find(base, List.of());
        assertTrue(none.isEmpty());
        assertNull(none.warning(List.of("src/main/resources")));
        write("web.xml", "<domain/>");
        write("vms/db.xml", "<domain/>");
        DefinitionsElsewhere.Found top = DefinitionsElsewhere.find(base, List.of());
        assertEquals(List.of("."), top.directories());
        assertTrue(top.warning(List.of()).endsWith("-Daddralloc.directories=."), top.warning(List.of()));
    }

    @Test
    void theRootIsFoundBehindWhatMayPrecedeIt() {
        assertEquals("domain", DefinitionsElsewhere.rootName("  \n<?xml version=\"1.0\"?><?pi x?>\n<!-- a\n-- -->"
                + "<!DOCTYPE domain [<!ENTITY x 'y'>]>\n<domain>"));
        assertEquals("network", DefinitionsElsewhere.rootName("<network xmlns:q='x'>"));
        assertEquals("project", DefinitionsElsewhere.rootName("<project>"));
        assertNull(DefinitionsElsewhere.rootName("text <domain>"));
        assertNull(DefinitionsElsewhere.rootName("<!-- unterminated <domain>"));
    }

    /** Seeded random trees: the directories cover every file, and none lies inside another. */
    @Test
    void theDirectoriesAreTheFewestThatHoldEveryFile() {
        Random random = new Random(9);
        String[] parts = {"vms", "vms-old", "hosts", "a", "b", "networks"};
        for (int round = 0; round < 300; round++) {
            TreeSet<String> files = new TreeSet<>();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                StringBuilder p = new StringBuilder();
                for (int depth = random.nextInt(4); depth > 0; depth--) {
                    p.append(parts[random.nextInt(parts.length)]).append('/');
                }
                files.add(p.append("f").append(random.nextInt(3)).append(".xml").toString());
            }
            List<String> dirs = DefinitionsElsewhere.directories(files);
            for (String f : files) {
                assertTrue(dirs.contains(".") || dirs.stream().anyMatch(d -> f.startsWith(d + "/")), f + " " + dirs);
            }
            for (String d : dirs) {
                assertTrue(dirs.stream().noneMatch(o -> !o.equals(d) && (d.startsWith(o + "/") || o.equals("."))),
                        dirs.toString());
                assertTrue(d.equals(".") || files.stream().anyMatch(f -> f.startsWith(d + "/")
                        && f.lastIndexOf('/') == d.length()), "each directory holds a file itself: " + d);
            }
            assertEquals(new ArrayList<>(new TreeSet<>(dirs)), dirs);
        }
    }
}
