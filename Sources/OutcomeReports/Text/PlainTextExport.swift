// JSON values and number text are PlainText's (the module the data and report layers share);
// importing OutcomeReports brings them, as before they moved.
@_exported import PlainText
