package org.fengqiao.gateway.ledger;

/** The source record is already a dispute in the ledger (another request got there first). */
public class DuplicateSourceRecordException extends Exception {

    public DuplicateSourceRecordException() {
        super("source record already recorded", null, false, false);
    }
}
