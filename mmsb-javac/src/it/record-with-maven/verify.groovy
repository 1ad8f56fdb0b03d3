// Two consecutive builds of a modular project with main and test sources, recorded as README says.
// Each build ends every recorded compilation with one NOTE from javac and nothing else from MMSB;
// the second build's ids follow the first's (two compilations in each store, none overwritten);
// the class files are byte-identical to the ones compiled without the plugin.
import java.nio.file.*

def log = new File(basedir, "build.log").text
def mmsbLines = log.readLines().findAll { it =~ /MMSB|SLF4J/ }
def expected = [
    /\[INFO\] MMSB: recorded build-1 \(3 units, [0-9,]+ facts, \+[0-9,]+ KB\) in .*mmsb-store/,
    /\[INFO\] MMSB: recorded build-1 \(1 unit, [0-9,]+ facts, \+[0-9,]+ KB\) in .*mmsb-store-test/,
    /\[INFO\] MMSB: recorded build-2 \(4 units, [0-9,]+ facts, [1-9][0-9]* API members? changed, \+[0-9,]+ KB\) in .*mmsb-store/,
    /\[INFO\] MMSB: recorded build-2 \(1 unit, [0-9,]+ facts, 0 API members changed, \+[0-9,]+ KB\) in .*mmsb-store-test/,
]
assert mmsbLines.size() == expected.size() : "MMSB's lines in the build log:\n" + mmsbLines.join("\n")
[mmsbLines, expected].transpose().each { line, pattern -> assert line ==~ pattern : line + " !~ " + pattern }
assert !(log =~ /(?i)\tat io\.mmsb/) : "a stack trace from MMSB"

for (store in ["mmsb-store", "mmsb-store-test"]) {
    def dir = basedir.toPath().resolve(store)
    assert Files.isDirectory(dir) : "no MMSB store at " + dir
    def segments = Files.list(dir).findAll { it.fileName.toString().endsWith(".tlog") }
    assert !segments.isEmpty() : "no log segment in " + dir
}

def target = basedir.toPath().resolve("target")
def names = { Path root -> Files.walk(root).findAll { it.toString().endsWith(".class") }.collect { root.relativize(it).toString() }.sort() }
[["classes", "plain-classes", 7], ["test-classes", "plain-test-classes", 1]].each { withPlugin, plain, count ->
    def a = target.resolve(withPlugin), b = target.resolve(plain)
    assert names(a) == names(b) && names(a).size() == count : names(a) + " vs " + names(b)
    names(a).each { n ->
        assert Arrays.equals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n))) : n + " differs with the plugin"
    }
}
return true
