// Purpose (tests): fails at run time with a client error that no retry can fix when $divisor is
// 0 (Neo.ClientError.Statement.ArithmeticError), to prove such errors are not retried.
// Parameters: $dividend, $divisor.
RETURN $dividend / $divisor AS quotient
