<#
.SYNOPSIS
    The Exchange Online session of cdktf-exo-gateway: connects app-only to ONE tenant and serves the
    line protocol of lib/core/exo-model.ts (one JSON request per line on stdin, one JSON reply per
    line on stdout). It decides nothing: lib/runtime/session-preflight.ts checks its settings before
    it starts, lib/runtime/session-client.ts types and shapes its replies.
.DESCRIPTION
    Settings, from the environment only: EXO_SESSION_APP_ID, EXO_SESSION_ORGANIZATION, and ONE of
    EXO_SESSION_CERT_FILE (a PFX path) or EXO_SESSION_CERT_ENV (the NAME of a variable holding the
    base64 PFX), with EXO_SESSION_CERT_PASSWORD_ENV (the NAME of the password's variable, optional).
    Hello: {"type":"ready","tenantId":...,"organization":...} or {"type":"fatal",...} (then exit 1).
    Requests get / invoke (an allow-listed cmdlet, parameters splatted as data, never evaluated) and
    close. Replies: {"id":n,"ok":true,"result":[...],"warnings":[...]}, result ALWAYS the list of
    objects the cmdlet wrote, each value in its own JSON kind (dates ISO 8601 UTC, lists, dictionaries
    as objects, other objects as text); or {"id":n,"ok":false,"error":{"type":...,"message":...}}
    (id -1 for an unreadable line). One statement per line, so that tree-sitter-powershell parses it
    (test/runtime/session-script.test.ts). Needs PowerShell 7.5+ (ConvertFrom-Json -DateKind).
#>

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# The catalogue's cmdlets (lib/core/exo-catalogue.ts); a test keeps both lists equal to it.
$AllowedCmdlets = @('New-InboundConnector', 'Set-InboundConnector', 'Remove-InboundConnector', 'New-OutboundConnector', 'Set-OutboundConnector', 'Remove-OutboundConnector', 'New-TransportRule', 'Set-TransportRule', 'Remove-TransportRule', 'Enable-TransportRule', 'Disable-TransportRule')
$ReadCmdlets = @('Get-InboundConnector', 'Get-OutboundConnector', 'Get-TransportRule', 'Get-AcceptedDomain')

function Write-ProtocolLine {
    param([Parameter(Mandatory = $true)] [object] $Message)
    $json = ConvertTo-Json -InputObject $Message -Depth 8 -Compress
    [Console]::Out.WriteLine($json)
    [Console]::Out.Flush()
}

function Write-FatalHello {
    param([string] $Type, [string] $Message)
    Write-ProtocolLine -Message ([ordered]@{ type = 'fatal'; organization = $organization; error = [ordered]@{ type = $Type; message = $Message } })
    exit 1
}

function New-ErrorReply {
    param([long] $Id, [string] $Type, [string] $Message)
    return [ordered]@{ id = $Id; ok = $false; error = [ordered]@{ type = $Type; message = $Message } }
}

function ConvertTo-WireScalar {
    param([AllowNull()] [object] $Value)
    if ($null -eq $Value) {
        return $null
    }
    if ($Value -is [datetime]) {
        return $Value.ToUniversalTime().ToString('o')
    }
    if (($Value -is [string]) -or ($Value -is [decimal]) -or $Value.GetType().IsPrimitive) {
        return $Value
    }
    return $Value.ToString()
}

function ConvertTo-WireObject {
    param([Parameter(Mandatory = $true)] [object] $InputObject)
    $wire = [ordered]@{}
    foreach ($property in $InputObject.PSObject.Properties) {
        $value = $null
        try {
            $value = $property.Value
        }
        catch {
            $value = $null
        }
        if ($value -is [System.Collections.IDictionary]) {
            $entries = [ordered]@{}
            foreach ($key in $value.Keys) {
                $entries[[string]$key] = ConvertTo-WireScalar -Value $value[$key]
            }
            $value = $entries
        }
        elseif (($value -is [System.Collections.IEnumerable]) -and ($value -isnot [string])) {
            $value = @(foreach ($item in $value) { ConvertTo-WireScalar -Value $item })
        }
        else {
            $value = ConvertTo-WireScalar -Value $value
        }
        $wire[$property.Name] = $value
    }
    return $wire
}

function Invoke-AllowedCmdlet {
    param([long] $Id, [string] $Cmdlet, [System.Collections.IDictionary] $Parameters, [string[]] $AllowList)
    $allowedCmdlet = $null
    foreach ($candidate in $AllowList) {
        if ($candidate -eq $Cmdlet) {
            $allowedCmdlet = $candidate
        }
    }
    if ($null -eq $allowedCmdlet) {
        return New-ErrorReply -Id $Id -Type 'CmdletNotAllowed' -Message ("Cmdlet '{0}' is not on the session's allow-list." -f $Cmdlet)
    }
    $invokeWarnings = $null
    $output = @(& $allowedCmdlet @Parameters -ErrorAction Stop -WarningAction SilentlyContinue -WarningVariable invokeWarnings 6> $null)
    $result = @(foreach ($item in $output) { ConvertTo-WireObject -InputObject $item })
    $warningTexts = @(foreach ($warningRecord in @($invokeWarnings)) { if ($null -ne $warningRecord) { [string]$warningRecord.Message } })
    return [ordered]@{ id = $Id; ok = $true; result = $result; warnings = $warningTexts }
}

# Settings (checked before start by lib/runtime/session-preflight.ts)
$organization = [Environment]::GetEnvironmentVariable('EXO_SESSION_ORGANIZATION')
$psVersion = $PSVersionTable.PSVersion
if (($psVersion.Major -lt 7) -or (($psVersion.Major -eq 7) -and ($psVersion.Minor -lt 5))) {
    Write-FatalHello -Type 'ConfigurationError' -Message 'The Exchange session needs PowerShell 7.5 or later.'
}
$certFile = [Environment]::GetEnvironmentVariable('EXO_SESSION_CERT_FILE')
$certEnvName = [Environment]::GetEnvironmentVariable('EXO_SESSION_CERT_ENV')
$passwordEnvName = [Environment]::GetEnvironmentVariable('EXO_SESSION_CERT_PASSWORD_ENV')
$certificatePassword = $null
if (-not [string]::IsNullOrEmpty($passwordEnvName)) {
    $certificatePassword = [Environment]::GetEnvironmentVariable($passwordEnvName)
}
# Connect-ExchangeOnline parameters for app-only access: -AppId, -Organization, exactly one of
# -Certificate or -CertificateFilePath (+ -CertificatePassword), -CommandName, -ShowBanner
# (exchange-online.md §4.2, from Connect-ExchangeOnline.md).
$connectParams = @{
    AppId = [Environment]::GetEnvironmentVariable('EXO_SESSION_APP_ID')
    Organization = $organization
    ShowBanner = $false
    CommandName = $ReadCmdlets + $AllowedCmdlets
    ErrorAction = 'Stop'
}
try {
    if (-not [string]::IsNullOrEmpty($certFile)) {
        $connectParams['CertificateFilePath'] = $certFile
        if ($null -ne $certificatePassword) {
            $connectParams['CertificatePassword'] = ConvertTo-SecureString -String $certificatePassword -AsPlainText -Force
        }
    }
    else {
        $certBytes = [Convert]::FromBase64String([Environment]::GetEnvironmentVariable($certEnvName))
        if ($null -eq $certificatePassword) {
            $connectParams['Certificate'] = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certBytes)
        }
        else {
            $connectParams['Certificate'] = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certBytes, [string]$certificatePassword)
        }
    }
}
catch {
    Write-FatalHello -Type 'ConfigurationError' -Message ("The certificate named by EXO_SESSION_CERT_FILE / EXO_SESSION_CERT_ENV could not be loaded with its password ({0})." -f $_.Exception.GetType().Name)
}

# Connect once: whether and when to try again is the apply program's decision (lib/runtime/connect.ts).
try {
    Import-Module ExchangeOnlineManagement -ErrorAction Stop *> $null
}
catch {
    Write-FatalHello -Type 'ModuleNotFound' -Message ('The PowerShell module ExchangeOnlineManagement is not installed: {0}' -f $_.Exception.Message)
}
try {
    Connect-ExchangeOnline @connectParams *> $null
}
catch {
    Write-FatalHello -Type 'ConnectFailed' -Message ("Connect-ExchangeOnline failed for organization '{0}': {1}" -f $organization, $_.Exception.Message)
}
# Get-ConnectionInformation lists the REST connections with their TenantID (learn.microsoft.com,
# powershell/module/exchangepowershell/get-connectioninformation); sent as Exchange wrote it.
$tenantId = ''
try {
    $connections = @(Get-ConnectionInformation -ErrorAction Stop)
    if ($connections.Count -gt 0) {
        $tenantId = [string]$connections[0].TenantID
    }
}
catch {
    Write-FatalHello -Type 'ConnectFailed' -Message ('Connected to {0}, but Get-ConnectionInformation failed: {1}' -f $organization, $_.Exception.Message)
}
Write-ProtocolLine -Message ([ordered]@{ type = 'ready'; tenantId = $tenantId; organization = $organization })

# Serve requests until close or end of input.
while ($true) {
    $line = [Console]::In.ReadLine()
    if ($null -eq $line) {
        break
    }
    if ($line.Trim().Length -eq 0) {
        continue
    }
    $requestId = -1
    try {
        # As hashtables (an OrderedHashtable since PowerShell 7.3, derived from [hashtable]:
        # MicrosoftDocs/PowerShell-Docs#9039, PowerShell/PowerShell#19070): "parameters" is splatted
        # as it is, and a {"Add":[...],"Remove":[...]} value arrives as the @{Add=...; Remove=...}
        # edit of a multi-valued parameter.
        $request = ConvertFrom-Json -InputObject $line -AsHashtable -DateKind String -ErrorAction Stop
        $id = $request['id']
        $op = $request['op']
        $cmdlet = [string]$request['cmdlet']
        $parameters = $request['parameters']
        if ($null -eq $parameters) {
            $parameters = @{}
        }
        $validId = ($id -is [long]) -or ($id -is [int])
        if ($validId) {
            $requestId = $id
        }
        if (-not $validId) {
            $reply = New-ErrorReply -Id $requestId -Type 'ProtocolError' -Message 'A request needs an integer "id".'
        }
        elseif ($op -eq 'close') {
            Write-ProtocolLine -Message ([ordered]@{ id = $id; ok = $true; result = $null })
            break
        }
        elseif ((($op -eq 'get') -or ($op -eq 'invoke')) -and ($cmdlet.Length -eq 0)) {
            $reply = New-ErrorReply -Id $id -Type 'ProtocolError' -Message ('A {0} request needs "cmdlet".' -f $op)
        }
        elseif ($op -eq 'get') {
            $reply = Invoke-AllowedCmdlet -Id $id -Cmdlet $cmdlet -Parameters $parameters -AllowList $ReadCmdlets
        }
        elseif ($op -eq 'invoke') {
            $reply = Invoke-AllowedCmdlet -Id $id -Cmdlet $cmdlet -Parameters $parameters -AllowList $AllowedCmdlets
        }
        else {
            $reply = New-ErrorReply -Id $id -Type 'ProtocolError' -Message ("Unknown op '{0}'." -f $op)
        }
    }
    catch {
        $errorType = $_.Exception.GetType().Name
        $errorMessage = ([string]$_.Exception.Message).Trim()
        $reply = New-ErrorReply -Id $requestId -Type $errorType -Message $errorMessage
    }
    Write-ProtocolLine -Message $reply
}
try {
    Disconnect-ExchangeOnline -Confirm:$false -ErrorAction Stop *> $null
}
catch {
    $null = $_
}
exit 0
