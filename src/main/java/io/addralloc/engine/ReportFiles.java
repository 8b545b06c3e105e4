package io.addralloc.engine;

import io.addralloc.report.CheckstyleReport;
import io.addralloc.report.Rendering;
import io.addralloc.report.ReportContext;
import io.addralloc.report.SarifReport;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/** The directory of the reports and the cache, and the reports CI tools read: checkstyle's XML and SARIF. */
final class ReportFiles {
    static final String CHECKSTYLE = "addralloc-result.xml";
    static final String SARIF = "addralloc.sarif";

    private ReportFiles() {
    }

    /**
     * The directory of the reports and the cache, as a real directory: anything else found there
     * (a symbolic link planted to make the build write elsewhere, a file, a FIFO) is removed
     * first. Removing a link removes the link, never what it points at.
     */
    static Path prepare(Run run, FileTime started) throws BrokenSetupException {
        Path dir = run.options().outputDirectory().toAbsolutePath().normalize();
        try {
            BasicFileAttributes a = CacheKey.lstat(dir);
            if (a != null && !a.isDirectory()) {
                Files.delete(dir);
                run.log().warn("addralloc: " + run.paths().relative(dir) + " was " + (a.isSymbolicLink()
                        ? "a symbolic link" : "not a directory") + "; it is replaced by a directory");
            }
            Files.createDirectories(dir);
            run.removeStaleTemporaries(dir, started);
            // The reports of an earlier run go now: if this run stops before it writes its own
            // (assign killed after writing some files, say), none is left to tell the old story.
            for (String report : List.of(CHECKSTYLE, SARIF)) {
                BasicFileAttributes r = CacheKey.lstat(dir.resolve(report));
                if (r != null && !r.isDirectory()) {
                    Files.delete(dir.resolve(report));
                }
            }
        } catch (IOException e) {
            throw new BrokenSetupException("addralloc: cannot make the directory " + run.paths().relative(dir) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return dir;
    }

    /**
     * Writes both reports of {@code results} (files that are not libvirt XML left out, unless they have
     * findings: the suppressions file, the baseline) into {@code dir}; SARIF keeps the suppressed findings too.
     */
    static void write(Run run, Path dir, List<FileResult> results, List<SuppressedFinding> suppressed)
            throws BrokenSetupException {
        List<FileResult> reported = results.stream()
                .filter(r -> r.kind() != FileKind.FOREIGN || !r.findings().isEmpty()).toList();
        List<SarifReport.Suppressed> kept = suppressed.stream()
                .map(s -> new SarifReport.Suppressed(s.finding(), s.inSource(), s.reason())).toList();
        RunOptions o = run.options();
        ReportContext context = new ReportContext(run.paths().base(), run.paths().repositoryTop(), o.pluginVersion(),
                "addralloc/" + o.projectName() + "/");
        AtomicFileWriter writer = new AtomicFileWriter();
        write(run, writer, dir.resolve(CHECKSTYLE), out -> CheckstyleReport.write(out, reported, context));
        write(run, writer, dir.resolve(SARIF), out -> SarifReport.write(out, reported, kept, context));
    }

    /** Streams a report into place: the 60,000 findings of one file once made a 24 MB string, twice. */
    private static void write(Run run, AtomicFileWriter writer, Path file, Rendering report)
            throws BrokenSetupException {
        try {
            writer.replaceEntry(file, stream -> {
                Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
                report.writeTo(out);
                out.flush();
            }, true);
        } catch (AtomicFileWriter.Refused e) {
            throw new BrokenSetupException("addralloc: cannot write " + run.paths().relative(file) + ": "
                    + e.getMessage());
        } catch (IOException e) {
            throw new BrokenSetupException("addralloc: cannot write " + run.paths().relative(file) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
