package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hm.hafner.analysis.Issue;
import io.addralloc.report.ConsumerChecks;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of a real run, read by the tools that consume them (ConsumerChecks): on the
 * bundled example repository as the README's main job runs it, and on two modules of one
 * reactor. A real Maven runs the same reactor from its top directory in src/it/reactor-reports.
 */
class ConsumerReportsTest {
    @TempDir
    Path tmp;

    /** A copy of examples/infra-repo at examples/infra-repo of a repository (a directory with .git). */
    private Path exampleRepository() throws IOException {
        Path repo = tmp.resolve("checkout");
        Files.createDirectories(repo.resolve(".git"));
        Path example = Path.of("examples/infra-repo");
        Path module = repo.resolve("examples/infra-repo");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path to = module.resolve(example.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        return repo;
    }

    private static VerifyMojo verify(MojoHarness h, Path module, String... directories) {
        VerifyMojo mojo = h.verify();
        mojo.project.setFile(module.resolve("pom.xml").toFile());
        mojo.project.getModel().setArtifactId(module.getFileName().toString());
        mojo.directories = Stream.of(directories).map(d -> module.resolve(d).toFile()).toList();
        mojo.outputDirectory = module.resolve("target/addralloc").toFile();
        mojo.failOnError = false;
        return mojo;
    }

    @Test
    void warningsNgAndTheSarifSchemaReadTheExampleRepositorysReports() throws Exception {
        Path repo = exampleRepository();
        Path module = repo.resolve("examples/infra-repo");
        MojoHarness h = new MojoHarness(module);
        h.run(verify(h, module, "vms", "networks"));
        Path reports = module.resolve("target/addralloc");
        ConsumerChecks.Read read = ConsumerChecks.read(reports, repo, 8, "addralloc/infra-repo/"); // 6 and 2 files not pinned
        assertEquals(List.of(), read.problems());
        // Files are found from the repository's top: 5 of 5, in both reports.
        for (var report : List.of(read.checkstyle(), read.sarif())) {
            assertEquals(5, report.getFiles().size(), report.getFiles()::toString);
            assertTrue(report.getInfoMessages().stream().anyMatch(m -> m.contains("(5 found, 0 not found)")),
                    report.getInfoMessages()::toString);
        }
        Issue ip = read.checkstyle().stream().filter(i -> i.getType().equals("DuplicateIp")).findFirst().orElseThrow();
        assertEquals("Network", ip.getCategory());
        Issue ipSarif = read.sarif().stream().filter(i -> i.getType().equals("addralloc.network.DuplicateIp")).findFirst()
                .orElseThrow();
        // Its SARIF parser reads no column, maps error to HIGH, and puts the rule's help before the message.
        assertEquals(List.of("network", 9, edu.hm.hafner.analysis.Severity.WARNING_HIGH), List.of(ipSarif.getCategory(),
                ipSarif.getLineStart(), ipSarif.getSeverity()));
        assertTrue(ipSarif.getMessage().endsWith(ip.getMessage()), ipSarif.getMessage());
        assertTrue(ipSarif.getMessage().contains("**Fix:**"), ipSarif.getMessage());
        assertEquals("examples/infra-repo/networks/default.xml", read.sarifJson().path("runs").path(0).path("results")
                .path(0).path("locations").path(0).path("physicalLocation").path("artifactLocation").path("uri").asText());
        // Readable as other build outputs (mode 644 under the usual umask 022).
        for (String report : List.of("addralloc-result.xml", "addralloc.sarif")) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(reports.resolve(report)));
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(
                    tmp.resolve("probe-" + report)))), mode, report);
            assertTrue(mode.startsWith("rw-r"), mode);
        }
    }

    @Test
    void eachModuleOfAReactorHasItsOwnCategoryAndPathsFromTheTop() throws Exception {
        Path repo = tmp.resolve("reactor");
        Files.createDirectories(repo.resolve(".git"));
        for (String m : List.of("module-a", "module-b")) {
            Path module = repo.resolve(m);
            MojoHarness h = new MojoHarness(module);
            h.write("vms/" + m + ".xml", MojoHarness.domain(m, "52:54:00:00:00:0" + (m.endsWith("a") ? 1 : 2), "0x22"));
            VerifyMojo mojo = verify(h, module, "src/main/resources");
            h.run(mojo);
            ConsumerChecks.Read read = ConsumerChecks.read(module.resolve("target/addralloc"), repo, 1,
                    "addralloc/" + m + "/");
            assertEquals(List.of(), read.problems());
            assertEquals(m + "/src/main/resources/vms/" + m + ".xml", read.sarifJson().path("runs").path(0)
                    .path("results").path(0).path("locations").path(0).path("physicalLocation")
                    .path("artifactLocation").path("uri").asText());
            assertEquals(module.resolve("src/main/resources/vms/" + m + ".xml").toString().replace(File.separatorChar, '/'),
                    read.checkstyle().get(0).getAbsolutePath());
        }
    }
}
