#!/usr/bin/env bash
# Rebuilds the committed model models/whorl-default from a trained float model:
#   bash scripts/make-default-model.sh [TRAIN_OUT]
# TRAIN_OUT is the folder `whorl train --config models/configs/default-r4g.json --out TRAIN_OUT` wrote
# (default out/train-r4g); its model/ is the best checkpoint by validation EER. That config
# fine-tunes (train.init, weights CRC checked) a chain of earlier runs, so a from-scratch rebuild runs,
# in this order:
#   whorl train --config models/configs/default-base.json --out out/train-default-base
#   whorl train --config models/configs/default-ft1.json --out out/train-default-ft1
#   whorl train --config models/configs/default.json --out out/train-default
#   whorl train --config models/configs/default-k4.json --out out/train-default-k4
#   whorl train --config models/configs/default-r3.json --out out/train-r3
#   whorl train --config models/configs/default-r4.json --out out/train-r4
#   whorl train --config models/configs/default-r4c.json --out out/train-r4c
#   whorl train --config models/configs/default-r4e.json --out out/train-r4e
#   whorl train --config models/configs/default-r4g.json --out out/train-r4g
# Steps: copy the float model, quantize it on held-out calibration fingers, regenerate the device
# threshold table, evaluate float and int8 on 100 held-out fingers × 8 impressions (and on the shared
# validation sets when ../shared is present), run the HIL campaigns, the failure-to-enroll tables and
# the benchmarks (docs/ tables and JSON), write the figures into the float model's manifest. The prose
# of README.md and docs/ that quotes these figures is updated by hand.
set -euo pipefail
START=$SECONDS
cd "$(dirname "$0")/.."
TRAIN_OUT=${1:-out/train-r4g}
WORK=${WORK:-out/make-default-model}
WHORL="node dist/host/cli/main.js"
mkdir -p "$WORK"
npm run build --silent

rm -rf models/whorl-default/float
mkdir -p models/whorl-default/float
cp "$TRAIN_OUT"/model/{model.json,weights.bin,manifest.json} models/whorl-default/float/

# calibration: 50 held-out fingers × 4 (generator seed used nowhere else)
[ -f "$WORK/calib/manifest.json" ] || $WHORL synth --out "$WORK/calib" --fingers 50 --impressions 4 --seed 9200001 --rotation 15 --json > /dev/null
$WHORL quantize --model models/whorl-default/float --calib "$WORK/calib" --out models/whorl-default --name whorl-default
rm -f models/whorl-default/whorl_default.img

# device thresholds per target FMR from held-out impostor scores
node dist/scripts/gen-thresholds.js 200

# accuracy: 100 held-out fingers × 8 (same generator settings as training, seed used nowhere else)
[ -f "$WORK/eval100/manifest.json" ] || $WHORL synth --out "$WORK/eval100" --fingers 100 --impressions 8 --seed 9100001 --rotation 15 --json > /dev/null
for m in float int8; do
  $WHORL eval --dataset "$WORK/eval100" --matcher $m --out "$WORK/eval-synth100-$m" --workers 2
done
# where the float model's errors come from (registration, class): docs/evaluation.md
$WHORL eval breakdown --report "$WORK/eval-synth100-float/report.json" | tee "$WORK/breakdown-synth100-float.md"
# the device thresholds per template size on the held-out set (docs/architecture.md, Fingerprint service)
node dist/scripts/threshold-check.js --dataset "$WORK/eval100" | tee "$WORK/threshold-check-synth100.txt"
# IDENTIFY by margin over each template size's level against by raw score (docs/protocol.md)
node dist/scripts/identify-check.js --dataset "$WORK/eval100" | tee "$WORK/identify-check-synth100.txt"
SETS=("synthetic-100x8 (whorl synth --seed 9100001 --rotation 15)=$WORK/eval-synth100-float/report.json,$WORK/eval-synth100-int8/report.json")

# validation only (never trained or tuned on): the shared real and SFinGe sets, when present
SHARED=../shared/data/fingerprints
for set in pyfnprint-real sfinge-db4b; do
  [ -d "$SHARED/$set" ] || { echo "make-default-model: $SHARED/$set absent, not evaluated" >&2; continue; }
  for imp in fvc all; do
    for m in float int8; do
      $WHORL eval --dataset "$SHARED/$set" --dpi 500 --matcher $m --impostors $imp --out "$WORK/eval-$set-$imp-$m" --workers 2 --no-cache > /dev/null
    done
    SETS+=("$set=$WORK/eval-$set-$imp-float/report.json,$WORK/eval-$set-$imp-int8/report.json")
  done
done

# enrolled 3-impression templates, as the device uses them: host float/int8 (docs/evaluation.md) and
# on emulated boards with the device's enrollment check (failure to enroll; docs/hil.md)
for m in float int8; do
  $WHORL eval --dataset "$WORK/eval100" --matcher $m --enroll 3 --out "$WORK/eval-synth100-$m-enroll3" --workers 2 > /dev/null
done
# HIL campaigns (docs/hil.md): FVC pairs, 3-impression templates, and templates after one touch again
$WHORL hil --device qemu --dataset "$WORK/eval100" --boards 2 --icount --out "$WORK/hil-synth100-fvc" --no-progress
$WHORL hil --device qemu --dataset "$WORK/eval100" --enroll 3 --boards 2 --icount --out "$WORK/hil-synth100-enroll3" --no-progress
$WHORL hil --device qemu --dataset "$WORK/eval100" --enroll 3 --touches 1 --boards 2 --icount --out "$WORK/hil-synth100-t1" --no-progress
for set in pyfnprint-real sfinge-db4b; do
  [ -d "$SHARED/$set" ] || continue
  $WHORL eval --dataset "$SHARED/$set" --dpi 500 --matcher float --enroll 3 --out "$WORK/eval-$set-float-enroll3" --workers 2 --no-cache > /dev/null
  $WHORL hil --device qemu --dataset "$SHARED/$set" --dpi 500 --boards 2 --icount --out "$WORK/hil-$set-fvc" --no-progress
  $WHORL hil --device qemu --dataset "$SHARED/$set" --dpi 500 --enroll 3 --boards 2 --icount --out "$WORK/hil-$set-enroll3" --no-progress
  $WHORL hil --device qemu --dataset "$SHARED/$set" --dpi 500 --enroll 3 --touches 1 --boards 2 --icount --out "$WORK/hil-$set-t1" --no-progress
done

# failure to enroll at each device threshold (docs/architecture.md, Fingerprint service)
node dist/scripts/enroll-fte.js --dataset "$WORK/eval100" | tee "$WORK/enroll-fte-synth100.md"
for set in pyfnprint-real sfinge-db4b; do
  if [ -d "$SHARED/$set" ]; then node dist/scripts/enroll-fte.js --dataset "$SHARED/$set" --dpi 500 | tee "$WORK/enroll-fte-$set.md"; fi
done

# on-device cost and robustness curves (docs/nn-bench.md, docs/fp-bench.md, docs/robustness.md)
npm run --silent bench:nn:model
npm run --silent bench:fp
npm run --silent bench:robustness -- --no-progress

# the manifest carries the figures the reports measured
node dist/scripts/model-figures.js models/whorl-default/float/manifest.json "${SETS[@]}"
echo "make-default-model: done in $(( (SECONDS - START) / 60 )) min"
