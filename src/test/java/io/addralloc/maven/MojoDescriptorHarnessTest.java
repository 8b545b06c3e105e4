package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The mojos as Maven configures them from the plugin's descriptor (the Maven Plugin Testing
 * Harness reads META-INF/maven/plugin.xml): the parameters' defaults, their configuration in a
 * pom, and the configuration errors verify reports before it reads any file.
 */
@MojoTest
class MojoDescriptorHarnessTest {
    private static final String POM = """
            <project>
              <build>
                <plugins>
                  <plugin>
                    <groupId>io.addralloc</groupId>
                    <artifactId>addralloc-maven-plugin</artifactId>
                    <configuration/>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    @Test
    @InjectMojo(goal = "verify", pom = POM)
    @Basedir("target/harness-defaults")
    void defaults(VerifyMojo mojo) {
        assertEquals(List.of("**/*.xml"), mojo.includes);
        assertTrue(mojo.failOnError);
        assertFalse(mojo.skip);
        assertTrue(mojo.useCache);
        assertFalse(mojo.followLinksOutside);
        assertTrue(mojo.outputDirectory.getPath().replace(File.separatorChar, '/').endsWith("/addralloc"),
                mojo.outputDirectory::toString);
    }

    @Test
    @InjectMojo(goal = "verify", pom = POM)
    @MojoParameter(name = "outputDirectory", value = "build/reports/addralloc")
    @MojoParameter(name = "failOnError", value = "false")
    @MojoParameter(name = "includes", value = "vms/**/*.xml")
    void configuration(VerifyMojo mojo) {
        // A relative path is the module's, as for any File parameter.
        assertTrue(mojo.outputDirectory.isAbsolute(), mojo.outputDirectory::toString);
        assertTrue(mojo.outputDirectory.getPath().replace(File.separatorChar, '/').endsWith("/build/reports/addralloc"),
                mojo.outputDirectory::toString);
        assertFalse(mojo.failOnError);
        assertEquals(List.of("vms/**/*.xml"), mojo.includes);
    }

    /** Each parameter's user property and default, as the descriptor the harness read declares them. */
    @Test
    void propertiesAndDefaultsAreTheReadmesContract() throws Exception {
        org.apache.maven.plugin.descriptor.PluginDescriptor plugin;
        try (java.io.Reader in = new java.io.InputStreamReader(getClass().getResourceAsStream("/META-INF/maven/plugin.xml"),
                java.nio.charset.StandardCharsets.UTF_8)) {
            plugin = new org.apache.maven.plugin.descriptor.PluginDescriptorBuilder().build(in);
        }
        java.util.Map<String, String> verify = new java.util.TreeMap<>();
        for (org.apache.maven.plugin.descriptor.Parameter p : plugin.getMojo("verify").getParameters()) {
            if (p.isEditable()) {
                verify.put(p.getName(), p.getExpression() + " | " + p.getDefaultValue());
            }
        }
        assertEquals(java.util.Map.ofEntries(
                java.util.Map.entry("directories", "${addralloc.directories} | null"),
                java.util.Map.entry("excludes", "${addralloc.excludes} | null"),
                java.util.Map.entry("failOnError", "${addralloc.failOnError} | true"),
                java.util.Map.entry("failOnSeverity", "${addralloc.failOnSeverity} | error"),
                java.util.Map.entry("followLinksOutside", "${addralloc.followLinksOutside} | false"),
                java.util.Map.entry("includes", "${addralloc.includes} | **/*.xml"),
                java.util.Map.entry("outputDirectory", "${addralloc.outputDirectory} | ${project.build.directory}/addralloc"),
                java.util.Map.entry("skip", "${addralloc.skip} | false"),
                java.util.Map.entry("skipVerify", "${addralloc.verify.skip} | false"),
                java.util.Map.entry("useCache", "${addralloc.cache} | true"),
                java.util.Map.entry("minFreeHotplugPorts", "${addralloc.minFreeHotplugPorts} | 1"),
                java.util.Map.entry("requirePinned", "${addralloc.requirePinned} | false"),
                java.util.Map.entry("rules", "null | null"),
                java.util.Map.entry("suppressions", "${addralloc.suppressions} | null"),
                java.util.Map.entry("baseline", "${addralloc.baseline} | ${project.basedir}/addralloc-baseline.xml")),
                verify);
        assertEquals("${addralloc.dryRun} | false", plugin.getMojo("assign").getParameterMap().get("dryRun").getExpression()
                + " | " + plugin.getMojo("assign").getParameterMap().get("dryRun").getDefaultValue());
    }

    @Test
    @InjectMojo(goal = "verify", pom = POM)
    @MojoParameter(name = "directories", value = "no-such-directory")
    void aConfiguredDirectoryThatIsMissingIsAConfigurationError(VerifyMojo mojo) {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("no-such-directory does not exist"), e.getMessage());
    }
}
