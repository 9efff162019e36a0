// What the two runs left behind: generated tables with their provenance, and a second run that did nothing.
def gen = new File(basedir, 'target/generated-sources/beauty')
assert gen.isDirectory() : "no generated sources in ${gen}"
def sources = []
gen.eachFileRecurse { if (it.name.endsWith('.java')) sources << it }
assert sources.size() > 10 : "only ${sources.size()} generated files"
def index = sources.find { it.text.contains('linux') && it.text =~ /sha256/ }
assert index != null : 'no generated file names its kernel version and sha256'
assert !sources.any { it.text =~ /\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d/ } : 'a generated file carries a timestamp'
def log = new File(basedir, 'build.log').text
assert log.contains('nothing regenerated') : 'the second run regenerated the tables'
return true
