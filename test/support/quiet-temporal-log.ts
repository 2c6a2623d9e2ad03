/**
 * Imported first by tests whose activities are meant to fail for a long time
 * (a receiver that refuses everything): the SDK would log each of hundreds of
 * expected failed attempts as a warning. Errors are still shown.
 */
process.env.TEMPORAL_TEST_LOG ??= 'ERROR';
