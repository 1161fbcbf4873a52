package org.fengqiao.gateway.ledger;

import java.sql.SQLException;

/** The ledger's one test for "that row is already there" (SQL state 23505), on H2 and PostgreSQL alike. */
final class UniqueViolation {

    private static final String SQL_STATE = "23505";

    private UniqueViolation() {
    }

    /** Also for a failed batch, which reports the failing row's state on itself or on the exception it chains. */
    static boolean is(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (SQL_STATE.equals(s.getSQLState())
                    || s.getCause() instanceof SQLException cause && SQL_STATE.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
