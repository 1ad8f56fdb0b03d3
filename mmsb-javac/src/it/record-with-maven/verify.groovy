// The plugin ran inside Maven's javac: the store has a log with records, nothing went wrong in
// MMSB, and the class files are byte-identical to the ones compiled without the plugin.
import java.nio.file.*

def target = basedir.toPath().resolve("target")
def store = target.resolve("mmsb")
assert Files.isDirectory(store) : "no MMSB store at " + store
def segments = Files.list(store).findAll { it.fileName.toString().endsWith(".tlog") }
assert !segments.isEmpty() : "no log segment in " + store
assert segments.sum { Files.size(it) } > 10_000 : "the log holds (almost) nothing: " + segments.collect { Files.size(it) }

def log = new File(basedir, "build.log").text
assert !(log =~ /(?i)mmsb.*(fail|error|stopped)/) : "MMSB reported a problem:\n" + log

def classes = target.resolve("classes")
def plain = target.resolve("plain-classes")
def names = { Path root -> Files.walk(root).findAll { it.toString().endsWith(".class") }.collect { root.relativize(it).toString() }.sort() }
assert names(classes) == names(plain) && names(classes).size() == 5 : names(classes) + " vs " + names(plain)
names(classes).each { n ->
    assert Arrays.equals(Files.readAllBytes(classes.resolve(n)), Files.readAllBytes(plain.resolve(n))) : n + " differs with the plugin"
}
return true
