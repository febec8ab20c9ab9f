package dev.ptshare.mm;

/** mm_account_fault(): who pays for a fault (the task's min_flt/maj_flt). */
public interface FaultAccount {
    /** Called with the VM_FAULT_* result of every completed handle_mm_fault(). */
    void accountFault(int vmFault);
}
