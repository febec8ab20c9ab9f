# Formats `ptshare sweep ... --format csv` output (columns found by header name).
#   mode=table      one row per design per point: exact bytes plus a human-readable size
#   mode=linear     per design: PageTables and faults against processes, the increment per added
#                   process between successive points, and whether that increment is constant
#   mode=markdown   the docs/numbers.md table (PageTables, VmPTE per process, faults)
# Sizes are exact bytes from the model; the human-readable column uses binary units (KiB/MiB/GiB).
BEGIN { FS = "," }
function human(b) {
    if (b == "") return "-"
    if (b >= 1073741824) return sprintf("%.3f GiB", b / 1073741824)
    if (b >= 1048576) return sprintf("%.3f MiB", b / 1048576)
    if (b >= 1024) return sprintf("%.2f KiB", b / 1024)
    return b " B"
}
function num(x) { return (x == int(x)) ? sprintf("%.0f", x) : sprintf("%.3f", x) }
function vmpte(   s) {
    s = $c["vmpte_median"]
    if ($c["vmpte_min"] != $c["vmpte_max"]) s = s " (" $c["vmpte_min"] ".." $c["vmpte_max"] ")"
    return s
}
NR == 1 {
    for (i = 1; i <= NF; i++) c[$i] = i
    if (mode == "table")
        printf "%-6s %-17s %8s %5s %16s %13s %12s %12s %12s\n", "N", "design", "attached",
            "oom", "PageTables_B", "PageTables", "VmPTE/proc_B", "VmPTE/proc", "minflt"
    if (mode == "markdown") {
        print "| N | design | PageTables (B) | PageTables | VmPTE per process (B) | VmPTE per process | VmPTE sum (B) | minflt, all N | minflt per later sharer |"
        print "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    }
    next
}
$c["applicable"] != "true" {
    if (mode == "table" || mode == "markdown")
        printf(mode == "table" ? "%-6s %-17s not applicable\n" : "| %s | %s | n/a | | | | | | |\n",
            $c["vary_value"], $c["design"])
    next
}
mode == "table" {
    printf "%-6s %-17s %8s %5s %16s %13s %12s %12s %12s\n", $c["vary_value"], $c["design"],
        $c["processes"], ($c["oom_process"] == "" ? "-" : $c["oom_process"]),
        $c["page_tables_bytes"], human($c["page_tables_bytes"]), vmpte(),
        human($c["vmpte_median"]), $c["minor_faults"]
}
mode == "markdown" {
    # minflt per later sharer: (minflt(N) - minflt(1)) / (N - 1), needs the N=1 row first
    if ($c["processes"] == 1) { f1[$c["design"]] = $c["minor_faults"]; later = "-" }
    else if ($c["design"] in f1)
        later = num(($c["minor_faults"] - f1[$c["design"]]) / ($c["processes"] - 1))
    else later = "?"
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $c["processes"], $c["design"],
        $c["page_tables_bytes"], human($c["page_tables_bytes"]), vmpte(),
        human($c["vmpte_median"]), $c["vmpte_sum"], $c["minor_faults"], later
}
mode == "linear" {
    d = $c["design"]; n = $c["processes"]
    if (!(d in seen)) { order[++nd] = d; seen[d] = 1 }
    k = ++cnt[d]
    N[d, k] = n; PT[d, k] = $c["page_tables_bytes"]; F[d, k] = $c["minor_faults"]
    V[d, k] = vmpte()
}
END {
    if (mode != "linear") exit
    for (j = 1; j <= nd; j++) {
        d = order[j]
        printf "%s\n  %7s %16s %12s %20s %22s\n", d, "N", "PageTables_B", "minflt",
            "dPageTables/dN (B)", "dminflt/dN"
        const_pt = 1; const_f = 1
        for (k = 1; k <= cnt[d]; k++) {
            if (k == 1) { printf "  %7s %16s %12s %20s %22s\n", N[d, k], PT[d, k], F[d, k], "", ""; continue }
            dn = N[d, k] - N[d, k - 1]
            ip = (PT[d, k] - PT[d, k - 1]) / dn; iff = (F[d, k] - F[d, k - 1]) / dn
            printf "  %7s %16s %12s %20s %22s\n", N[d, k], PT[d, k], F[d, k], num(ip), num(iff)
            if (k > 2 && ip != lastp) const_pt = 0
            if (k > 2 && iff != lastf) const_f = 0
            lastp = ip; lastf = iff
        }
        if (cnt[d] > 2)
            printf "  per added process: PageTables +%s B (%s), minflt +%s: %s\n", num(lastp),
                (const_pt ? "constant" : "NOT constant"), num(lastf),
                (const_pt && const_f ? "exactly linear in N" : "not linear")
    }
}
