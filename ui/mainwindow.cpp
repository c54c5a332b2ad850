// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "mainwindow.h"

namespace llmops {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
}

} // namespace llmops
