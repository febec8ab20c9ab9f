package dev.ptshare.mm;

/** mm_account_fault(): who pays for a fault (the task's min_flt/maj_flt). */
public interface FaultAccount {
    /**
     * Called with the VM_FAULT_* result of every completed handle_mm_fault(); true when the
     * fault was counted (in min_flt or maj_flt).
     */
    boolean accountFault(int vmFault);
}
