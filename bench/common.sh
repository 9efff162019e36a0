# Shared by the bench/ scripts (sourced, not run).

# The median of the numbers on stdin (whitespace-separated).
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
