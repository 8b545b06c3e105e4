package io.addralloc.maven;

import io.addralloc.engine.Goal;
import io.addralloc.engine.ReportGoal;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * Writes the address map of the build as HTML pages that work offline
 * ({@code target/addralloc/report/index.html}): an index of every domain and network file, and
 * a page per file with its PCI topology as libvirt will have it, its drive, virtio-serial, USB,
 * CCW and spapr-vio maps, its findings and its source. Checks the files as verify does (and
 * prints the same findings), but never fails the build over them: the pages are there to show
 * them.
 *
 * <p>Listed under {@code <reporting>}, it is also a report of {@code mvn site}: the site's
 * "Project Reports" page links the same pages, written to {@code target/site/addralloc/}. They
 * carry their own styles rather than the site's skin, so that they are the same pages however
 * they were made.
 */
@Mojo(name = "report", threadSafe = true)
public class ReportMojo extends AbstractAddrallocMojo implements MavenReport {
    /** Skip this goal only. */
    @Parameter(property = "addralloc.report.skip", defaultValue = "false")
    private boolean skipReport;

    /** Where the pages go; null: {@code report} in the directory of the other reports. */
    Path pagesDirectory;

    /** The site's directory, when the site runs this as a report. */
    private File siteDirectory;

    @Override
    protected boolean skipGoal() {
        return skipReport;
    }

    @Override
    protected Goal newGoal() {
        return new ReportGoal(pagesDirectory);
    }

    // ---- the site report: the site sets the directory, then asks for the pages ----------------

    @Override
    public void generate(Sink sink, Locale locale) throws MavenReportException {
        pagesDirectory = new File(getReportOutputDirectory(), "addralloc").toPath();
        try {
            execute();
        } catch (MojoExecutionException | MojoFailureException e) {
            throw new MavenReportException(e.getMessage(), e);
        }
    }

    @Override
    public String getOutputName() {
        return "addralloc/index";
    }

    @Override
    public String getCategoryName() {
        return CATEGORY_PROJECT_REPORTS;
    }

    @Override
    public String getName(Locale locale) {
        return "Address map";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The PCI topology and address maps of every libvirt domain and network as libvirt 9.0 lays them out,"
                + " with free hot-pluggable ports and addralloc's findings";
    }

    @Override
    public void setReportOutputDirectory(File directory) {
        siteDirectory = directory;
    }

    @Override
    public File getReportOutputDirectory() {
        return siteDirectory != null ? siteDirectory : new File(project.getReporting().getOutputDirectory());
    }

    /** The pages are whole HTML files of their own, not content for the site's skin. */
    @Override
    public boolean isExternalReport() {
        return true;
    }

    @Override
    public boolean canGenerateReport() {
        return !skip && !skipReport;
    }
}
