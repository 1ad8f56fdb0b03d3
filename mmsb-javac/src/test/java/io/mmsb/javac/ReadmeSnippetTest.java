package io.mmsb.javac;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Maven snippet is exactly what the integration test builds: the compiler plugin of
 * src/it/record-with-maven between its MMSB-SNIPPET markers, without its IT-ONLY part, with the
 * project's version, indented as the README shows it.
 */
class ReadmeSnippetTest {
    @Test
    void theReadmeMavenSnippetIsTheIntegrationTestsPlugin() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        String pom = Files.readString(module.resolve("src/it/record-with-maven/pom.xml"));
        String readme = Files.readString(module.resolveSibling("README.md"));
        Matcher version = Pattern.compile("<artifactId>mmsb-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(module.resolve("pom.xml")));
        assertTrue(version.find());
        String begin = "<!-- MMSB-SNIPPET-BEGIN -->\n";
        String snippet = pom.substring(pom.indexOf(begin) + begin.length(), pom.indexOf("      <!-- MMSB-SNIPPET-END -->"));
        snippet = snippet.replaceAll("(?s) *<!-- IT-ONLY-BEGIN.*?<!-- IT-ONLY-END -->\n", "")
                .replace("@project.version@", version.group(1));
        String shown = snippet.stripTrailing().stripIndent().indent(2); // the README's list item indents by two
        assertTrue(shown.contains("-Xplugin:MMSB store="), shown);
        assertTrue(readme.contains("```xml\n" + shown + "  ```"), "README.md should show, verbatim:\n" + shown);
        assertTrue(readme.contains(Files.readString(module.resolve("src/it/record-with-maven/.mvn/jvm.config")).strip()),
                "README.md should show the IT's .mvn/jvm.config");
    }
}
