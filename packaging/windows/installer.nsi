; NSP Desktop's Windows installer (NSIS 3). build_support/windows.py runs makensis with:
;   -DVERSION=0.1.0 -DBUNDLE=<PyInstaller onedir folder> -DICON=<app .ico> -DOUTFILE=<setup .exe>
; The same script serves the build under Wine on Linux (tested on every CI run) and the release
; build on a Windows runner.
;
; Per user, no administrator rights: installs into %LOCALAPPDATA%\Programs\NSP Desktop, adds a
; Start menu shortcut (a desktop one on request), and registers an uninstaller under HKCU in
; Add/Remove Programs. Silent: Setup.exe /S [/DESKTOP] [/D=C:\path\without\quotes] (/D= last);
; "Uninstall NSP Desktop.exe" /S. The person's notes and progress (in their data folder) are kept.
; It registers the .nsppack file type (a signed toolkit edition) for this user only, under
; HKCU\Software\Classes, so a double-click runs `nsp-desktop.exe FILE`; the uninstaller removes it.

Unicode true
Target amd64-unicode  ; the app is 64-bit only; a 64-bit installer also needs no 32-bit Wine
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 64

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define APP_NAME "NSP Desktop"
!define APP_EXE "nsp-desktop.exe"
!define UNINSTALLER "Uninstall NSP Desktop.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\NSP Desktop"
!define PACK_EXT "Software\Classes\.nsppack"
!define PACK_PROGID "NSPDesktop.Edition"
!define PACK_CLASS "Software\Classes\${PACK_PROGID}"

!ifndef VERSION | BUNDLE | ICON | OUTFILE
  !error "run makensis with -DVERSION= -DBUNDLE= -DICON= -DOUTFILE= (build_installer.py does)"
!endif

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP_NAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP_NAME} installer"
VIAddVersionKey "LegalCopyright" "MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APP_NAME}"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "${APP_NAME}" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  ; .nsppack: a toolkit edition, opened (installed, after asking) by the app.
  WriteRegStr HKCU "${PACK_EXT}" "" "${PACK_PROGID}"
  WriteRegStr HKCU "${PACK_EXT}" "Content Type" "application/x-nsppack"
  WriteRegStr HKCU "${PACK_CLASS}" "" "No Secret Police toolkit edition"
  WriteRegStr HKCU "${PACK_CLASS}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${PACK_CLASS}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "The app, a Start menu shortcut and its uninstaller."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "A shortcut on the desktop."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  ; /DESKTOP on the command line selects the desktop shortcut (for silent installs).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DESKTOP" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecDesktop} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${PACK_CLASS}"
  ; The extension only while it still names our type: another app may have taken it since.
  ReadRegStr $0 HKCU "${PACK_EXT}" ""
  ${If} $0 == "${PACK_PROGID}"
    DeleteRegKey HKCU "${PACK_EXT}"
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ; Remove the folder only when it holds the app, so a mistaken /D= never empties another folder.
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\${APP_EXE}"
  ${EndIf}
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
SectionEnd
