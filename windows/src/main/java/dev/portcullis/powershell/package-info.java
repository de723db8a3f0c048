/**
 * PowerShell for the Windows backends: scripts whose values are bound only as literals
 * ({@link dev.portcullis.powershell.PowerShellLiteral}, {@link dev.portcullis.powershell.PowerShellScript}),
 * one process per script with a JSON result ({@link dev.portcullis.powershell.PowerShellRunner}), and
 * strict reading of the shapes {@code ConvertTo-Json} produces ({@link dev.portcullis.powershell.PowerShellJson}).
 */
package dev.portcullis.powershell;
