$ ScenarioWizard 3.0
Solution set
 2 

" 4 4 4 3 1",0,2,0,18,""
" 1 1 3 4 2",0,0,0,22,""
