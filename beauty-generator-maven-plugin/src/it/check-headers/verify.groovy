def log = new File(basedir, 'build.log').text
assert log.contains('check-headers: no ABI drift between ') : 'the goal did not report on the snapshot'
assert !log.contains('[WARNING]') : 'the goal warned about drift'
return true
