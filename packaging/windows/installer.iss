; Inno Setup script for @NAME@ @VERSION@, filled in by build_installer.py (untested: no Windows here).
; A per-user install (no administrator rights), a Start menu entry, and an uninstaller.

[Setup]
AppId={{6E0C2B8E-7C1F-4C47-9F65-2F0B5F6A9D11}
AppName=@NAME@
AppVersion=@VERSION@
AppPublisher=NSP Desktop
DefaultDirName={localappdata}\Programs\@NAME@
DefaultGroupName=@NAME@
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=@OUTPUT@
OutputBaseFilename=@BASE@-setup
SetupIconFile=@ICON@
UninstallDisplayIcon={app}\nsp-desktop.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "@BUNDLE@\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\@NAME@"; Filename: "{app}\nsp-desktop.exe"
Name: "{autodesktop}\@NAME@"; Filename: "{app}\nsp-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\nsp-desktop.exe"; Description: "Open @NAME@"; Flags: nowait postinstall skipifsilent
