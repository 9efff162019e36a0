// Runs where the kernel tree the snapshot was taken from is installed (Debian package linux-source-6.12).
return new File('/usr/src/linux-source-6.12/Makefile').isFile()
