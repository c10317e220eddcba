#!/usr/bin/env bash
# Builds the reference software used by the H.274 carriage interop checks (docs/conformance.md
# section 8) outside the repository, from git mirrors of the public repositories:
#
#   VTM 23.13 (VVC reference software, master of a public mirror of
#   https://vcgit.hhi.fraunhofer.de/jvet/VVCSoftware_VTM, commit 7a06fbc389e38cd92857afdc914183c8ccec6725):
#   its SEI reader and writer implement NNPFC (210) and NNPFA (211) of H.274; one fix of its NNPFA
#   check is applied (fix_vtm_nnpfa_check below).
#
#   HM 18.0+ (HEVC reference software, master of a public mirror of
#   https://vcgit.hhi.fraunhofer.de/jvet/HM, commit 5a9cfb2b173f5fd95020f1c70ba76588bc486e36 of 2026-03-15):
#   decodes the project's HEVC streams; this revision has no NNPFC / NNPFA parser (it skips
#   payloadType 210 / 211 as unknown prefix SEI messages).
#
#   JM 19.0 (H.264/AVC reference software, a public mirror's import of jm19.0, commit
#   465438ab744787403f00b27c6d17e41b9a749ceb), optional: decodes the project's AVC streams; it has no
#   NNPFC / NNPFA parser (reserved SEI payload types are skipped).
#
# Usage: bench/h274/build-reference.sh VTM_GIT_DIR HM_GIT_DIR [OUT_DIR] [JOBS] [JM_GIT_DIR]
#   VTM_GIT_DIR / HM_GIT_DIR: a git directory (or clone) holding the commits above
#   OUT_DIR: where the sources are exported and built (default /work/ref-build)
#   JOBS: make -j (default 1; the build machine is shared)
# Result: OUT_DIR/vtm/bin/{EncoderAppStatic,DecoderAppStatic}, OUT_DIR/hm/bin/TAppDecoderStatic,
# OUT_DIR/jm/bin/ldecod.exe (with JM_GIT_DIR),
# and OUT_DIR/REVISIONS listing the commits built. The interop test (H274ReferenceInteropTest)
# finds them through NNPF_REF_BUILD (default /work/ref-build) and skips when they are absent.
set -euo pipefail
VTM_COMMIT=7a06fbc389e38cd92857afdc914183c8ccec6725
HM_COMMIT=5a9cfb2b173f5fd95020f1c70ba76588bc486e36
JM_COMMIT=465438ab744787403f00b27c6d17e41b9a749ceb
vtm_git="${1:?VTM git directory}"; hm_git="${2:?HM git directory}"
out="${3:-/work/ref-build}"; jobs="${4:-1}"; jm_git="${5:-}"
mkdir -p "$out"
build() { # name git commit targets...
  local name="$1" git="$2" commit="$3"; shift 3
  local src="$out/$name"
  if [[ ! -d "$src/source" ]]; then
    mkdir -p "$src"
    git --git-dir="$git" archive "$commit" | tar -x -C "$src"
    if [[ "$name" == vtm ]]; then fix_vtm_nnpfa_check "$src"; fi
  fi
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$src/build" -j "$jobs" --target "$@"
}
# VTM 23.13 checks an NNPFA against the received NNPFC ids by reading the NNPFA object as an NNPFC
# (m_id / m_baseFlag of SEINeuralNetworkPostFilterCharacteristics instead of m_targetId /
# m_targetBaseFlag of SEINeuralNetworkPostFilterActivation), so it stops with "No NNPFC, no NNPFA"
# on every NNPFA, its own encoder's included. The fix below reads the NNPFA's own fields, only in
# the NNPFA case of SEIReader::xReadSEIPayloadData; nothing else is changed.
fix_vtm_nnpfa_check() {
  local f="$1/source/Lib/DecoderLib/SEIread.cpp"
  sed -i '/case SEI::PayloadType::NEURAL_NETWORK_POST_FILTER_ACTIVATION:/,/No NNPFC, no NNPFA/{
    s/((SEINeuralNetworkPostFilterCharacteristics\*)sei)->m_id/((SEINeuralNetworkPostFilterActivation*)sei)->m_targetId/g
    s/((SEINeuralNetworkPostFilterCharacteristics\*)sei)->m_baseFlag/((SEINeuralNetworkPostFilterActivation*)sei)->m_targetBaseFlag/g
  }' "$f"
  grep -q 'SEINeuralNetworkPostFilterActivation\*)sei)->m_targetBaseFlag' "$f" || { echo "VTM fix not applied" >&2; exit 1; }
}
build vtm "$vtm_git" "$VTM_COMMIT" EncoderApp DecoderApp
build hm "$hm_git" "$HM_COMMIT" TAppDecoder
if [[ -n "$jm_git" ]]; then
  if [[ ! -d "$out/jm/ldecod" ]]; then
    mkdir -p "$out/jm"
    git --git-dir="$jm_git" archive "$JM_COMMIT" | tar -x -C "$out/jm"
  fi
  # JM 19.0 predates GCC 10's -fno-common default
  make -C "$out/jm/ldecod" -j "$jobs" CC="gcc -fcommon -w -std=gnu89"
fi
{ echo "VTM $VTM_COMMIT"; echo "HM $HM_COMMIT"; [[ -z "$jm_git" ]] || echo "JM $JM_COMMIT"; } > "$out/REVISIONS"
ls "$out"/vtm/bin "$out"/hm/bin
