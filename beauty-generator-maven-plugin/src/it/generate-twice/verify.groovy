// What the two runs left behind: generated tables with their provenance, and a second run that did nothing.
def gen = new File(basedir, 'target/generated-sources/beauty')
assert gen.isDirectory() : "no generated sources in ${gen}"
def sources = []
gen.eachFileRecurse { if (it.name.endsWith('.java')) sources << it }
assert sources.size() > 10 : "only ${sources.size()} generated files"
// Every generated file opens with its provenance: the snapshot's kernel version and manifest digest.
def snapshot = (new File(basedir, 'pom.xml').text =~ /<snapshotDir>(.+)<\/snapshotDir>/)[0][1]
def kernel = (new File(snapshot, 'MANIFEST').text =~ /(?m)^kernel\t(.+)$/)[0][1]
def provenance = ~/(?m)^\/\/ Kernel ${java.util.regex.Pattern.quote(kernel)}, manifest sha256 [0-9a-f]{64}\.$/
def without = sources.findAll { !(it.text =~ provenance) }
assert without.isEmpty() : "no 'Kernel ${kernel}, manifest sha256 …' line in ${without.take(3)}"
assert !sources.any { it.text =~ /\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d/ } : 'a generated file carries a timestamp'
def log = new File(basedir, 'build.log').text
assert log.contains('nothing regenerated') : 'the second run regenerated the tables'
return true
