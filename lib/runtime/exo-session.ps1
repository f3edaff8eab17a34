<#
.SYNOPSIS
    The Exchange Online session of cdktf-exo-gateway: connects app-only to ONE tenant, then serves
    the line protocol of lib/core/exo-model.ts (one JSON request per line on stdin, one JSON reply
    per line on stdout).

.DESCRIPTION
    It decides nothing: the apply program (TypeScript) plans every change and sends one cmdlet at a
    time. This script only
      - reads its settings from the environment, never from its command line:
          EXO_SESSION_APP_ID              application (client) id of the app
          EXO_SESSION_ORGANIZATION        the tenant's initial *.onmicrosoft.com domain (-Organization)
          EXO_SESSION_CERT_FILE           path of a PFX file with the app certificate, or
          EXO_SESSION_CERT_ENV            NAME of an environment variable holding the PFX in base64
          EXO_SESSION_CERT_PASSWORD_ENV   NAME of an environment variable holding the PFX password (optional)
        and never prints a secret;
      - connects once with Connect-ExchangeOnline -AppId -Organization and the certificate,
        importing only the cmdlets below (the apply program decides whether to try again);
      - writes the hello line: {"type":"ready","tenantId":...,"organization":...} or
        {"type":"fatal","organization":...,"error":{"type":...,"message":...}} (then exits 1);
      - answers requests until "close" or end of input:
          {"id":1,"op":"get","cmdlet":"Get-InboundConnector","parameters":{"ResultSize":"Unlimited"}}
                                                                 -> the allow-listed read cmdlet, parameters splatted
          {"id":2,"op":"invoke","cmdlet":"New-TransportRule","parameters":{...}}
                                                                 -> the allow-listed cmdlet, parameters splatted
          {"id":3,"op":"close"}                                  -> Disconnect-ExchangeOnline, exit 0
        Replies: {"id":n,"ok":true,"result":...,"warnings":[...]} (get and invoke alike: the
                 warnings the cmdlet printed) or
                 {"id":n,"ok":false,"error":{"type":...,"message":...}} (id -1 for an unreadable line).
    Objects are flattened to JSON values: null; bool and integers as they are; dates as ISO 8601
    UTC; any other enumerable as an array of .ToString(); anything else as .ToString().

    Parameter values travel as data and are splatted; nothing is ever evaluated as code (no
    Invoke-Expression, no command built from strings). A parameter value that is a JSON object,
    {"Add":[...],"Remove":[...]}, is passed as a hashtable: the @{Add=...; Remove=...} edit of a
    multi-valued parameter. Written one statement per line so that it
    parses with tree-sitter-powershell (test/runtime/session-script.test.ts). Needs PowerShell 7.5+
    (ConvertFrom-Json -DateKind String keeps date-like strings as strings).
#>

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
$InformationPreference = 'SilentlyContinue'
$VerbosePreference = 'SilentlyContinue'

# The cmdlets an invoke request may run: the non-Get cmdlets of lib/core/exo-catalogue.ts.
# A test keeps this list equal to the catalogue.
$AllowedCmdlets = @(
    'New-InboundConnector'
    'Set-InboundConnector'
    'Remove-InboundConnector'
    'New-OutboundConnector'
    'Set-OutboundConnector'
    'Remove-OutboundConnector'
    'New-TransportRule'
    'Set-TransportRule'
    'Remove-TransportRule'
    'Enable-TransportRule'
    'Disable-TransportRule'
)

# The cmdlets behind the get request: the Get-* cmdlets of the catalogue.
$ReadCmdlets = @(
    'Get-InboundConnector'
    'Get-OutboundConnector'
    'Get-TransportRule'
    'Get-AcceptedDomain'
)


function Write-ProtocolLine {
    param(
        [Parameter(Mandatory = $true)]
        [object] $Message
    )
    $json = ConvertTo-Json -InputObject $Message -Depth 8 -Compress
    [Console]::Out.WriteLine($json)
    [Console]::Out.Flush()
}

function Write-FatalHello {
    param(
        [Parameter(Mandatory = $true)]
        [string] $Type,
        [Parameter(Mandatory = $true)]
        [string] $Message,
        [AllowNull()]
        [AllowEmptyString()]
        [string] $Organization
    )
    $errorInfo = [ordered]@{
        type = $Type
        message = $Message
    }
    $hello = [ordered]@{
        type = 'fatal'
        organization = $Organization
        error = $errorInfo
    }
    Write-ProtocolLine -Message $hello
    exit 1
}

function New-ErrorReply {
    param(
        [Parameter(Mandatory = $true)]
        [long] $Id,
        [Parameter(Mandatory = $true)]
        [string] $Type,
        [Parameter(Mandatory = $true)]
        [string] $Message
    )
    $errorInfo = [ordered]@{
        type = $Type
        message = $Message
    }
    $reply = [ordered]@{
        id = $Id
        ok = $false
        error = $errorInfo
    }
    return $reply
}

function Get-ErrorInfo {
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorRecord] $ErrorRecord
    )
    # Raw exception type and message; the apply program reads Exchange's own forms out of them.
    $errorInfo = [ordered]@{
        type = $ErrorRecord.Exception.GetType().Name
        message = ([string]$ErrorRecord.Exception.Message).Trim()
    }
    return $errorInfo
}

function Get-RequestField {
    param(
        [AllowNull()]
        [object] $Request,
        [Parameter(Mandatory = $true)]
        [string] $Name
    )
    if ($null -eq $Request) {
        return $null
    }
    $property = $Request.PSObject.Properties[$Name]
    if ($null -eq $property) {
        return $null
    }
    return $property.Value
}

function ConvertTo-FlatValue {
    param(
        [AllowNull()]
        [object] $Value
    )
    if ($null -eq $Value) {
        return $null
    }
    if ($Value -is [bool]) {
        return $Value
    }
    if ($Value -is [int]) {
        return $Value
    }
    if ($Value -is [long]) {
        return $Value
    }
    if ($Value -is [string]) {
        return $Value
    }
    if ($Value -is [datetime]) {
        return $Value.ToUniversalTime().ToString('o')
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = [System.Collections.Generic.List[string]]::new()
        foreach ($item in $Value) {
            if ($null -ne $item) {
                $items.Add($item.ToString())
            }
        }
        return ,$items.ToArray()
    }
    return $Value.ToString()
}

function ConvertTo-FlatObject {
    param(
        [Parameter(Mandatory = $true)]
        [object] $InputObject
    )
    $flat = [ordered]@{}
    foreach ($property in $InputObject.PSObject.Properties) {
        $value = $null
        try {
            $value = $property.Value
        }
        catch {
            $value = $null
        }
        $flat[$property.Name] = ConvertTo-FlatValue -Value $value
    }
    return $flat
}

function Invoke-AllowedCmdlet {
    param(
        [Parameter(Mandatory = $true)]
        [long] $Id,
        [Parameter(Mandatory = $true)]
        [string] $Cmdlet,
        [AllowNull()]
        [object] $Parameters,
        [Parameter(Mandatory = $true)]
        [string[]] $AllowList,
        [switch] $AlwaysList
    )
    $allowedCmdlet = $null
    foreach ($candidate in $AllowList) {
        if ($candidate -eq $Cmdlet) {
            $allowedCmdlet = $candidate
        }
    }
    if ($null -eq $allowedCmdlet) {
        $message = "Cmdlet '{0}' is not on the session's allow-list." -f $Cmdlet
        return New-ErrorReply -Id $Id -Type 'CmdletNotAllowed' -Message $message
    }
    $splat = @{}
    if ($null -ne $Parameters) {
        foreach ($property in $Parameters.PSObject.Properties) {
            $value = $property.Value
            # A JSON object value is the @{Add=...; Remove=...} form of a multi-valued parameter:
            # it is passed on as a hashtable with the same keys, unchanged.
            if ($value -is [System.Management.Automation.PSCustomObject]) {
                $table = @{}
                foreach ($entry in $value.PSObject.Properties) {
                    $table[$entry.Name] = $entry.Value
                }
                $value = $table
            }
            $splat[$property.Name] = $value
        }
    }
    $invokeWarnings = $null
    $output = @(& $allowedCmdlet @splat -ErrorAction Stop -WarningAction SilentlyContinue -WarningVariable invokeWarnings 6> $null)
    $result = $null
    if ($AlwaysList) {
        $all = [System.Collections.Generic.List[object]]::new()
        foreach ($item in $output) {
            $all.Add((ConvertTo-FlatObject -InputObject $item))
        }
        $result = $all.ToArray()
    }
    elseif ($output.Count -eq 1) {
        $result = ConvertTo-FlatObject -InputObject $output[0]
    }
    elseif ($output.Count -gt 1) {
        $list = [System.Collections.Generic.List[object]]::new()
        foreach ($item in $output) {
            $list.Add((ConvertTo-FlatObject -InputObject $item))
        }
        $result = $list.ToArray()
    }
    $warningTexts = [System.Collections.Generic.List[string]]::new()
    if ($null -ne $invokeWarnings) {
        foreach ($warningRecord in $invokeWarnings) {
            $warningTexts.Add([string]$warningRecord.Message)
        }
    }
    $reply = [ordered]@{
        id = $Id
        ok = $true
        result = $result
        warnings = $warningTexts.ToArray()
    }
    return $reply
}

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------

$organization = [Environment]::GetEnvironmentVariable('EXO_SESSION_ORGANIZATION')
$psMajor = $PSVersionTable.PSVersion.Major
$psMinor = $PSVersionTable.PSVersion.Minor
if (($psMajor -lt 7) -or (($psMajor -eq 7) -and ($psMinor -lt 5))) {
    Write-FatalHello -Type 'ConfigurationError' -Message 'The Exchange session needs PowerShell 7.5 or later.' -Organization $organization
}
$appId = [Environment]::GetEnvironmentVariable('EXO_SESSION_APP_ID')
$certFile = [Environment]::GetEnvironmentVariable('EXO_SESSION_CERT_FILE')
$certEnvName = [Environment]::GetEnvironmentVariable('EXO_SESSION_CERT_ENV')
$passwordEnvName = [Environment]::GetEnvironmentVariable('EXO_SESSION_CERT_PASSWORD_ENV')

if ([string]::IsNullOrEmpty($appId)) {
    Write-FatalHello -Type 'ConfigurationError' -Message 'EXO_SESSION_APP_ID is not set.' -Organization $organization
}
if ([string]::IsNullOrEmpty($organization)) {
    Write-FatalHello -Type 'ConfigurationError' -Message 'EXO_SESSION_ORGANIZATION is not set.' -Organization $organization
}

$certificatePassword = $null
if (-not [string]::IsNullOrEmpty($passwordEnvName)) {
    $certificatePassword = [Environment]::GetEnvironmentVariable($passwordEnvName)
    if ($null -eq $certificatePassword) {
        $message = "Environment variable '{0}' named by EXO_SESSION_CERT_PASSWORD_ENV is not set." -f $passwordEnvName
        Write-FatalHello -Type 'ConfigurationError' -Message $message -Organization $organization
    }
}

$connectParams = @{
    AppId = $appId
    Organization = $organization
    ShowBanner = $false
    CommandName = $ReadCmdlets + $AllowedCmdlets
    ErrorAction = 'Stop'
}

if (-not [string]::IsNullOrEmpty($certFile)) {
    if (-not (Test-Path -LiteralPath $certFile -PathType Leaf)) {
        $message = "Certificate file '{0}' named by EXO_SESSION_CERT_FILE does not exist." -f $certFile
        Write-FatalHello -Type 'ConfigurationError' -Message $message -Organization $organization
    }
    $connectParams['CertificateFilePath'] = $certFile
    if ($null -ne $certificatePassword) {
        $connectParams['CertificatePassword'] = ConvertTo-SecureString -String $certificatePassword -AsPlainText -Force
    }
}
elseif (-not [string]::IsNullOrEmpty($certEnvName)) {
    $certBase64 = [Environment]::GetEnvironmentVariable($certEnvName)
    if ([string]::IsNullOrEmpty($certBase64)) {
        $message = "Environment variable '{0}' named by EXO_SESSION_CERT_ENV is empty or not set." -f $certEnvName
        Write-FatalHello -Type 'ConfigurationError' -Message $message -Organization $organization
    }
    try {
        $certBytes = [Convert]::FromBase64String($certBase64)
        if ($null -eq $certificatePassword) {
            $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certBytes)
        }
        else {
            $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certBytes, [string]$certificatePassword)
        }
        $connectParams['Certificate'] = $certificate
    }
    catch {
        $message = "The environment variable '{0}' named by EXO_SESSION_CERT_ENV does not hold a base64 PFX this password opens ({1})." -f $certEnvName, $_.Exception.GetType().Name
        Write-FatalHello -Type 'ConfigurationError' -Message $message -Organization $organization
    }
}
else {
    Write-FatalHello -Type 'ConfigurationError' -Message "Neither EXO_SESSION_CERT_FILE nor EXO_SESSION_CERT_ENV is set: the session needs the app's certificate." -Organization $organization
}

# ---------------------------------------------------------------------------------------------
# Connect
# ---------------------------------------------------------------------------------------------

try {
    Import-Module ExchangeOnlineManagement -ErrorAction Stop *> $null
}
catch {
    $message = 'The PowerShell module ExchangeOnlineManagement is not installed: {0}' -f $_.Exception.Message
    Write-FatalHello -Type 'ModuleNotFound' -Message $message -Organization $organization
}

# One attempt: whether and when to try again is the apply program's decision (lib/runtime/connect.ts).
try {
    Connect-ExchangeOnline @connectParams *> $null
}
catch {
    $message = "Connect-ExchangeOnline failed for organization '{0}': {1}" -f $organization, $_.Exception.Message
    Write-FatalHello -Type 'ConnectFailed' -Message $message -Organization $organization
}

$tenantId = ''
try {
    $connections = @(Get-ConnectionInformation -ErrorAction Stop)
    if ($connections.Count -gt 0) {
        $tenantId = ([string]$connections[0].TenantID).ToLowerInvariant()
    }
}
catch {
    $message = 'Connected to {0}, but Get-ConnectionInformation failed: {1}' -f $organization, $_.Exception.Message
    Write-FatalHello -Type 'ConnectFailed' -Message $message -Organization $organization
}
$hello = [ordered]@{
    type = 'ready'
    tenantId = $tenantId
    organization = $organization
}
Write-ProtocolLine -Message $hello

# ---------------------------------------------------------------------------------------------
# Serve requests
# ---------------------------------------------------------------------------------------------

$closing = $false
while (-not $closing) {
    $line = [Console]::In.ReadLine()
    if ($null -eq $line) {
        break
    }
    if ($line.Trim().Length -eq 0) {
        continue
    }
    $requestId = -1
    $reply = $null
    try {
        $request = ConvertFrom-Json -InputObject $line -DateKind String -ErrorAction Stop
        $id = Get-RequestField -Request $request -Name 'id'
        $op = Get-RequestField -Request $request -Name 'op'
        if (($id -isnot [long]) -and ($id -isnot [int])) {
            $reply = New-ErrorReply -Id $requestId -Type 'ProtocolError' -Message 'A request needs an integer "id".'
        }
        else {
            $requestId = $id
            if ($op -eq 'get') {
                $cmdlet = [string](Get-RequestField -Request $request -Name 'cmdlet')
                $parameters = Get-RequestField -Request $request -Name 'parameters'
                if ($cmdlet.Length -eq 0) {
                    $reply = New-ErrorReply -Id $requestId -Type 'ProtocolError' -Message 'A get request needs "cmdlet".'
                }
                else {
                    $reply = Invoke-AllowedCmdlet -Id $requestId -Cmdlet $cmdlet -Parameters $parameters -AllowList $ReadCmdlets -AlwaysList
                }
            }
            elseif ($op -eq 'invoke') {
                $cmdlet = [string](Get-RequestField -Request $request -Name 'cmdlet')
                $parameters = Get-RequestField -Request $request -Name 'parameters'
                if ($cmdlet.Length -eq 0) {
                    $reply = New-ErrorReply -Id $requestId -Type 'ProtocolError' -Message 'An invoke request needs "cmdlet".'
                }
                else {
                    $reply = Invoke-AllowedCmdlet -Id $requestId -Cmdlet $cmdlet -Parameters $parameters -AllowList $AllowedCmdlets
                }
            }
            elseif ($op -eq 'close') {
                $closing = $true
                $reply = [ordered]@{
                    id = $requestId
                    ok = $true
                    result = $null
                }
            }
            else {
                $reply = New-ErrorReply -Id $requestId -Type 'ProtocolError' -Message ("Unknown op '{0}'." -f $op)
            }
        }
    }
    catch {
        $errorInfo = Get-ErrorInfo -ErrorRecord $_
        $reply = [ordered]@{
            id = $requestId
            ok = $false
            error = $errorInfo
        }
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
