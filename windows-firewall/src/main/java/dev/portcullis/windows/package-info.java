/**
 * The windows-firewall backend: Windows Defender Firewall rules through PowerShell NetSecurity
 * cmdlets, one rule group per policy, one PowerShell process to read and one to change.
 */
package dev.portcullis.windows;
