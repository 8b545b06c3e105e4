package io.addralloc.engine;

/**
 * One {@code <rule>} of the pom's {@code <rules>}: a rule id (or a prefix ending in {@code *}) and
 * the severity its findings get ({@code error}, {@code warning}, {@code info}, or {@code off}).
 * A plain bean, so that Maven can fill it from the pom
 * ({@code <rules><rule><id>addralloc.build.DuplicateName</id><severity>warning</severity></rule></rules>});
 * {@link SeverityPolicy#of} reads a list of them.
 */
public final class RuleSetting {
    private String id;
    private String severity;

    /** For Maven, which fills the fields from the pom. */
    public RuleSetting() {}

    public RuleSetting(String id, String severity) {
        this.id = id;
        this.severity = severity;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    @Override
    public String toString() {
        return id + "=" + severity;
    }
}
