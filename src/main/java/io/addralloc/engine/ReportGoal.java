package io.addralloc.engine;

import io.addralloc.report.layout.DomainLayout;
import io.addralloc.report.layout.LayoutReport;
import io.addralloc.report.layout.NetworkLayout;
import io.addralloc.report.layout.PageSetWriter;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * report: checks each file as verify does and draws the address map of the build as offline
 * HTML pages; it never fails the build over the findings, as the pages are there to show them.
 */
public final class ReportGoal implements Goal {
    private final FileChecker checker = new FileChecker();
    /** What each file's page draws, by path, made while the file's DOM is at hand. */
    private final Map<String, Object> layouts = new ConcurrentHashMap<>();
    private final Path pagesDirectory;

    /** @param pagesDirectory where the pages go; null: {@code report} in the run's output directory */
    public ReportGoal(Path pagesDirectory) {
        this.pagesDirectory = pagesDirectory;
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public boolean failsOnErrors() {
        return false;
    }

    @Override
    public FileResult process(Input in) {
        FileChecker.Inspection inspection = checker.inspect(in.relative(), in.content());
        FileResult r = inspection.result();
        if (r.kind() == FileKind.DOMAIN) {
            layouts.put(r.path(), DomainLayout.of(inspection.xml(), inspection.simulation()));
        } else if (r.kind() == FileKind.NETWORK) {
            layouts.put(r.path(), NetworkLayout.of(inspection.xml()));
        }
        return VerifyGoal.check(inspection, in);
    }

    @Override
    public void afterAll(Run run, List<Target> targets, List<FileResult> results) throws BrokenSetupException {
        List<LayoutReport.Entry> entries = new ArrayList<>(results.size());
        for (FileResult r : results) {
            if (r.kind() == FileKind.FOREIGN) {
                continue;
            }
            Object layout = layouts.remove(r.path());
            entries.add(new LayoutReport.Entry(r, layout instanceof DomainLayout d ? d : null,
                    layout instanceof NetworkLayout n ? n : null));
        }
        Path dir = pagesDirectory != null ? pagesDirectory : run.options().outputDirectory().resolve("report");
        LayoutReport report = new LayoutReport(entries, run.options().pluginVersion());
        try {
            PageSetWriter.write(dir, report.pages());
        } catch (IOException e) {
            throw new BrokenSetupException("addralloc: cannot write the report in " + run.paths().relative(dir)
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        run.log().info("addralloc: address map of " + entries.size() + " file" + (entries.size() == 1 ? "" : "s")
                + " written to " + run.paths().relative(dir.resolve("index.html")));
    }
}
