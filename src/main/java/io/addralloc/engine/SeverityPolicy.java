package io.addralloc.engine;

import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a build makes of findings: the severity each rule's findings get (the pom's {@code <rules>}),
 * and the threshold from which they fail the build ({@code failOnSeverity}).
 *
 * <p><b>Which setting applies to a rule.</b> A setting's id is a rule id
 * ({@code addralloc.build.DuplicateName}) or a prefix ending in {@code *} ({@code addralloc.pci.*},
 * {@code addralloc.*}, {@code *}). Of the settings that match a rule, the most specific one wins:
 * the exact id over any prefix, and a longer prefix over a shorter one, whatever their order in the
 * pom. So {@code addralloc.* = warning} with {@code addralloc.pci.DuplicateAddress = error} lowers
 * every rule but that one. Two settings with the same id are refused rather than one silently
 * winning, and so is an id that matches no rule (a typo would otherwise do nothing).
 * {@code off} drops the rule's findings altogether: they are neither listed nor counted.
 *
 * <p><b>What fails.</b> A finding fails the build when its severity (after the settings) is at
 * least the threshold: {@code error} (the default) fails on errors only, {@code warning} on
 * warnings and errors, {@code info} on any finding. {@code failOnError=false} still turns failing
 * off entirely. The caller passes only the findings that count: not those suppressed or in the
 * baseline.
 */
public final class SeverityPolicy {
    /** Every rule at the severity it was made with; failing on errors. */
    public static final SeverityPolicy DEFAULT = new SeverityPolicy(Map.of(), Severity.ERROR, true);

    /** A rule's severity after the settings; null: off. */
    private final Map<Rule, Severity> overridden;
    private final Severity threshold;
    private final boolean failing;

    private SeverityPolicy(Map<Rule, Severity> overridden, Severity threshold, boolean failing) {
        this.overridden = overridden;
        this.threshold = threshold;
        this.failing = failing;
    }

    /** A setting the policy refuses; its message names the setting and says what is wrong. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSetting(String message) {
            super(message);
        }
    }

    /**
     * The policy of a build.
     *
     * @param settings the pom's {@code <rules>} (null or empty: none)
     * @param failOnSeverity {@code error}, {@code warning} or {@code info}, any case (null: {@code error})
     * @param failOnError false: nothing fails the build
     * @throws InvalidSetting for an unknown severity or threshold, a missing or unmatched id, or an id given twice
     */
    public static SeverityPolicy of(List<RuleSetting> settings, String failOnSeverity, boolean failOnError) {
        Severity threshold = threshold(failOnSeverity);
        Map<String, Optional<Severity>> byId = new LinkedHashMap<>();
        for (RuleSetting s : settings == null ? List.<RuleSetting>of() : settings) {
            String id = s == null || s.getId() == null ? "" : s.getId().strip();
            if (id.isEmpty()) {
                throw new InvalidSetting("a <rule> in <rules> has no <id>; give a rule id such as"
                        + " addralloc.build.DuplicateName, or a prefix ending in * such as addralloc.pci.*");
            }
            if (id.indexOf('*') >= 0 && id.indexOf('*') != id.length() - 1) {
                throw new InvalidSetting("rule id '" + id + "': '*' may only end an id (addralloc.pci.*)");
            }
            if (matching(id).isEmpty()) {
                throw new InvalidSetting("rule id '" + id + "' matches no rule" + suggestion(id)
                        + "; the rules are listed in docs/rules.md");
            }
            Optional<Severity> severity = severity(id, s.getSeverity());
            if (byId.put(id, severity) != null) {
                throw new InvalidSetting("rule id '" + id + "' is set twice in <rules>; keep one");
            }
        }
        // Least specific first, so that more specific settings overwrite.
        List<String> order = new ArrayList<>(byId.keySet());
        order.sort(Comparator.comparingInt(SeverityPolicy::specificity));
        Map<Rule, Severity> overridden = new HashMap<>();
        for (String id : order) {
            Optional<Severity> severity = byId.get(id);
            for (Rule r : matching(id)) {
                overridden.put(r, severity.orElse(null));
            }
        }
        return new SeverityPolicy(overridden, threshold, failOnError);
    }

    /** Exact ids above every prefix; longer prefixes above shorter ones. */
    private static int specificity(String id) {
        return id.endsWith("*") ? id.length() - 1 : Integer.MAX_VALUE;
    }

    /** The rules a setting's id names. */
    static List<Rule> matching(String id) {
        if (id.endsWith("*")) {
            String prefix = id.substring(0, id.length() - 1);
            return Stream.of(Rule.values()).filter(r -> r.id().startsWith(prefix)).toList();
        }
        return Stream.of(Rule.values()).filter(r -> r.id().equals(id)).toList();
    }

    private static String suggestion(String id) {
        String close = Spelling.closest(id, Stream.of(Rule.values()).map(Rule::id).toList());
        return close == null ? "" : "; did you mean " + close + "?";
    }

    private static Optional<Severity> severity(String id, String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        if (w.equals("off")) {
            return Optional.empty();
        }
        for (Severity s : Severity.values()) {
            if (s.word().equals(w)) {
                return Optional.of(s);
            }
        }
        throw new InvalidSetting("rule id '" + id + "': severity '" + (word == null ? "" : word)
                + "' is not one of error, warning, info, off");
    }

    /** {@code failOnSeverity}'s value as a severity. */
    public static Severity threshold(String failOnSeverity) {
        String w = failOnSeverity == null ? "error" : failOnSeverity.strip().toLowerCase(Locale.ROOT);
        for (Severity s : Severity.values()) {
            if (s.word().equals(w)) {
                return s;
            }
        }
        throw new InvalidSetting("failOnSeverity '" + failOnSeverity + "' is not one of error, warning, info");
    }

    /** The severity {@code rule}'s findings get, or empty when the rule is off. */
    public Optional<Severity> severityOf(Rule rule) {
        if (!overridden.containsKey(rule)) {
            return Optional.of(rule.severity());
        }
        return Optional.ofNullable(overridden.get(rule));
    }

    /**
     * {@code f} with the severity its rule gets, or null when its rule is off. A finding already
     * at another severity than its rule's (the count of omitted findings, at the worst of theirs)
     * keeps it unless its rule is set explicitly.
     */
    public Finding apply(Finding f) {
        if (!overridden.containsKey(f.rule())) {
            return f;
        }
        Severity s = overridden.get(f.rule());
        if (s == null) {
            return null;
        }
        return s == f.severity() ? f : new Finding(f.rule(), s, f.path(), f.line(), f.column(), f.message(),
                f.element(), f.related());
    }

    /** The findings with their severities set, those of rules that are off left out; order kept. */
    public List<Finding> apply(Collection<Finding> findings) {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Finding g = apply(f);
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The results with {@link #apply(Collection)} applied to each file's findings. The findings a
     * result only counts ({@link FileResult#omitted()}, beyond the first hundred) keep their severity.
     */
    public List<FileResult> applyToResults(Collection<FileResult> results) {
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            out.add(overridden.isEmpty() ? r
                    : new FileResult(r.path(), r.kind(), apply(r.findings()), r.facts(), r.omitted()));
        }
        return out;
    }

    /** The threshold: findings at this severity or worse fail the build. */
    public Severity threshold() {
        return threshold;
    }

    /** Whether a finding of severity {@code s} fails the build. */
    public boolean fails(Severity s) {
        return failing && s.ordinal() <= threshold.ordinal();
    }

    /** Whether any of {@code counted} (findings not suppressed nor in the baseline) fails the build. */
    public boolean anyFails(Collection<Finding> counted) {
        return counted.stream().anyMatch(f -> fails(f.severity()));
    }

    /**
     * Whether the results fail the build, the findings they only count included
     * ({@link FileResult#count(Severity)}).
     */
    public boolean resultsFail(List<FileResult> counted) {
        for (FileResult r : counted) {
            for (Severity s : Severity.values()) {
                if (fails(s) && r.count(s) > 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
